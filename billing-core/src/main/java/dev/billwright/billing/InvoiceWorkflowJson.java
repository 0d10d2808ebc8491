package dev.billwright.billing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNoteApprovalPolicy;
import dev.billwright.invoice.PaymentTerms;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and writes the host's invoicing options as JSON (snake_case, decimals as strings):
 * <pre>
 * { "grace_period": "P3D", "payment_terms": "net_30",
 *   "credit_note_approval": { "threshold": { "USD": "500.00" } } }
 * </pre>
 * Every field is optional; a missing one keeps its documented default ({@code grace_period}
 * {@code PT0S}, no {@code payment_terms}, no {@code credit_note_approval}). Unknown fields are an
 * error with their JSON path.
 */
public final class InvoiceWorkflowJson {
  private InvoiceWorkflowJson() {}

  /**
   * The options read: the bill run's workflow and the credit-note approval policy (set on the
   * {@link dev.billwright.invoice.CreditNoteCalculator} given to the bill run and the corrector).
   *
   * @param workflow the grace period and payment terms, not null
   * @param creditNoteApproval the approval policy, not null
   */
  public record Options(InvoiceWorkflow workflow, CreditNoteApprovalPolicy creditNoteApproval) {
    /** The defaults: {@link InvoiceWorkflow#DEFAULT} and {@link CreditNoteApprovalPolicy#NONE}. */
    public static final Options DEFAULT = new Options(InvoiceWorkflow.DEFAULT, CreditNoteApprovalPolicy.NONE);

    /**
     * Validates the options.
     *
     * @param workflow see the record component
     * @param creditNoteApproval see the record component
     * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a value is null
     */
    public Options {
      if (workflow == null || creditNoteApproval == null) {
        throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "invoicing", null,
            "a workflow and an approval policy");
      }
    }
  }

  /**
   * Reads the options.
   *
   * @param reader the reader on the options object, not null
   * @return the options, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} naming the JSON path for a
   *     malformed or unknown field, or the codes of {@link PaymentTerms#parse},
   *     {@link InvoiceWorkflow} and {@link CreditNoteApprovalPolicy}
   */
  public static Options read(JsonObjectReader reader) {
    InvoiceWorkflow workflow = InvoiceWorkflow.DEFAULT;
    Optional<String> grace = reader.optionalText("grace_period");
    if (grace.isPresent()) {
      try {
        workflow = workflow.withGracePeriod(Duration.parse(grace.get()));
      } catch (DateTimeParseException e) {
        throw JsonObjectReader.error(reader.pathOf("grace_period"), grace.get(),
            "an ISO-8601 duration such as P3D or PT12H");
      }
    }
    Optional<String> terms = reader.optionalText("payment_terms");
    if (terms.isPresent()) {
      workflow = workflow.withPaymentTerms(PaymentTerms.parse(terms.get()));
    }
    CreditNoteApprovalPolicy approval = reader.optionalObject("credit_note_approval").map(r -> {
      Map<String, String> byCode = r.map("threshold", (node, path) -> {
        if (!node.isTextual()) {
          throw JsonObjectReader.error(path, node, "a decimal string such as \"500.00\"");
        }
        return node.textValue();
      });
      r.end();
      Map<Currency, Money> thresholds = new LinkedHashMap<>();
      byCode.forEach((code, amount) -> {
        Money m = Money.of(code, amount);
        thresholds.put(m.currency(), m);
      });
      return new CreditNoteApprovalPolicy(thresholds);
    }).orElse(CreditNoteApprovalPolicy.NONE);
    reader.end();
    return new Options(workflow, approval);
  }

  /**
   * Writes the options; {@link #read} reads them back. Defaults are left out.
   *
   * @param options the options, not null
   * @return a new JSON object, never null
   */
  public static ObjectNode write(Options options) {
    ObjectNode o = Json.object();
    if (!options.workflow().gracePeriod().isZero()) {
      o.put("grace_period", options.workflow().gracePeriod().toString());
    }
    options.workflow().paymentTerms().ifPresent(t -> o.put("payment_terms", t.toString()));
    if (!options.creditNoteApproval().thresholds().isEmpty()) {
      ObjectNode thresholds = o.putObject("credit_note_approval").putObject("threshold");
      Map<String, Money> sorted = new TreeMap<>();
      options.creditNoteApproval().thresholds().forEach((c, m) -> sorted.put(c.getCurrencyCode(), m));
      sorted.forEach((c, m) -> thresholds.put(c, m.amount().toPlainString()));
    }
    return o;
  }
}
