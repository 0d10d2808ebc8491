package dev.billwright.tax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaxResultJsonTest {

  private static final java.util.Currency INR = Money.currency("INR");

  private static TaxLine line(String id, String head, String rate, String taxable, String tax, boolean collectible) {
    return new TaxLine(id, head, new BigDecimal(rate), Money.of("INR", taxable), Money.of("INR", tax), collectible);
  }

  @Test
  void totalsAreSumsOfLines() {
    TaxResult result = TaxResult.of(INR, List.of(
        line("1", "CGST", "9", "10.25", "0.92", true),
        line("1", "SGST", "9", "10.25", "0.92", true),
        line("2", "IGST", "18", "100.00", "18.00", false)), Optional.empty(), List.of());
    assertThat(result.totalOf("CGST")).isEqualTo(Money.of("INR", "0.92"));
    assertThat(result.totalTax()).isEqualTo(Money.of("INR", "19.84"));
    assertThat(result.collectibleTax()).isEqualTo(Money.of("INR", "1.84"));
    assertThat(result.linesOf("1")).hasSize(2);
    assertThat(result.totalOf("UTGST")).isEqualTo(Money.zero(INR));
  }

  @Test
  void roundTrips() {
    TaxResult result = TaxResult.of(INR, List.of(
        line("a", "CGST", "2.5", "99.99", "2.50", true),
        line("a", "SGST", "2.5", "99.99", "2.50", true)),
        Optional.of(Money.of("INR", "-0.01")), List.of("Tax is payable on reverse charge: No"));
    String text = Json.write(TaxResultJson.write(result));
    TaxResult back = TaxResultJson.read(JsonObjectReader.root(Json.parse(text, "t"), "t"));
    assertThat(back).isEqualTo(result);
    assertThat(TaxResultJson.write(result).get("round_off").textValue()).isEqualTo("-0.01");
  }

  @Test
  void rejectsTotalsThatAreNotSums() {
    com.fasterxml.jackson.databind.node.ObjectNode node = TaxResultJson.write(TaxResult.of(INR,
        List.of(line("1", "IGST", "18", "10", "1.80", true)), Optional.empty(), List.of()));
    node.put("total_tax", "1.81");
    String text = Json.write(node);
    assertThatThrownBy(() -> TaxResultJson.read(JsonObjectReader.root(Json.parse(text, "t"), "t")))
        .isInstanceOf(BillingException.class)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE))
        .hasMessageContaining("total_tax");
  }

  @Test
  void noneChargesNothingAndNotesNeedOriginal() {
    TaxParty supplier = TaxParty.of("Acme Pvt Ltd", "IN").withRegionCode("29");
    TaxParty customer = TaxParty.of("Buyer", "IN");
    TaxRequest request = TaxRequest.invoice(java.time.LocalDate.of(2026, 1, 5), INR, supplier, customer,
        List.of(TaxableLine.of("1", "SAC:998319", Money.of("INR", "100.00"))));
    assertThat(TaxCalculator.none().calculate(request)).isEqualTo(TaxResult.none(INR));
    assertThatThrownBy(() -> new TaxRequest(DocumentType.CREDIT_NOTE, request.documentDate(), INR, supplier, customer,
        request.lines(), Optional.empty())).isInstanceOf(BillingException.class).hasMessageContaining("original");
    assertThatThrownBy(() -> TaxRequest.invoice(request.documentDate(), INR, supplier, customer,
        List.of(request.lines().get(0), request.lines().get(0)))).hasMessageContaining("unique");
    assertThatThrownBy(() -> TaxParty.of("X", "India")).hasMessageContaining("country_code");
  }
}
