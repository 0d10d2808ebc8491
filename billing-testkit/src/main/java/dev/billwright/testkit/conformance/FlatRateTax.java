package dev.billwright.testkit.conformance;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import dev.billwright.tax.DocumentType;
import dev.billwright.tax.TaxCalculator;
import dev.billwright.tax.TaxLine;
import dev.billwright.tax.TaxRequest;
import dev.billwright.tax.TaxResult;
import dev.billwright.tax.TaxableLine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The flat tax of a scenario's {@code "tax": {"rate": "20"}}: one head {@code TAX} at one rate on
 * every line, {@code round(taxable × rate / 100)} HALF_UP to the currency's minor units, once per
 * line (as Stripe's and Lago's tax rates apply per line item). A credit or debit note reuses the
 * rate of the original line (its tax when it credits the whole line).
 */
final class FlatRateTax implements TaxCalculator {
  /** The head of the flat tax's lines. */
  static final String HEAD = "TAX";
  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  private final BigDecimal ratePercent;

  FlatRateTax(BigDecimal ratePercent, String path) {
    if (ratePercent.signum() < 0 || ratePercent.compareTo(new BigDecimal(HUNDRED)) > 0) {
      throw BillingException.invalid(ErrorCode.INVALID_DOCUMENT, path, ratePercent, "a rate from 0 to 100 percent");
    }
    this.ratePercent = ratePercent;
  }

  @Override
  public TaxResult calculate(TaxRequest request) {
    List<TaxLine> lines = new ArrayList<>();
    for (TaxableLine line : request.lines()) {
      BigDecimal rate = ratePercent;
      Money tax = null;
      if (request.documentType() != DocumentType.INVOICE) {
        List<TaxLine> original = request.original().orElseThrow().linesOf(line.lineId());
        if (original.isEmpty()) {
          throw BillingException.invalid(ErrorCode.TAX_NOT_DETERMINED, "lines[" + line.lineId() + "].line_id",
              line.lineId(), "the id of a line of the original invoice");
        }
        rate = original.get(0).ratePercent();
        if (original.get(0).taxableAmount().equals(line.taxableAmount())) {
          tax = original.get(0).taxAmount();
        }
      }
      if (tax == null) {
        tax = percentOf(line.taxableAmount(), rate);
      }
      lines.add(new TaxLine(line.lineId(), HEAD, rate, line.taxableAmount(), tax, true));
    }
    return TaxResult.of(request.currency(), lines, Optional.empty(), List.of());
  }

  /** {@code round(|amount| × percent / 100)} with the amount's sign, from the exact product. */
  private static Money percentOf(Money amount, BigDecimal percent) {
    BigDecimal p = percent.stripTrailingZeros();
    BigInteger numerator = p.unscaledValue();
    BigInteger denominator = HUNDRED;
    if (p.scale() > 0) {
      denominator = denominator.multiply(BigInteger.TEN.pow(p.scale()));
    } else {
      numerator = numerator.multiply(BigInteger.TEN.pow(-p.scale()));
    }
    Money share = RoundingPolicy.DEFAULT.roundRatio(amount.abs(), numerator, denominator);
    return amount.isNegative() ? share.negated() : share;
  }
}
