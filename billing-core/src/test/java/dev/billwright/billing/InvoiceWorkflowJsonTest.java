package dev.billwright.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.CreditNoteApprovalPolicy;
import dev.billwright.invoice.PaymentTerms;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.money.Money;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvoiceWorkflowJsonTest {
  static InvoiceWorkflowJson.Options read(String json) {
    return InvoiceWorkflowJson.read(JsonObjectReader.root(Json.parse(json, "options.json"), "options.json"));
  }

  @Test
  void readsTheDocumentedExampleAndRoundTrips() {
    InvoiceWorkflowJson.Options o = read("""
        {"grace_period":"P3D","payment_terms":"net_30",
         "credit_note_approval":{"threshold":{"USD":"500.00","INR":"10000"}}}""");
    assertThat(o.workflow().gracePeriod()).isEqualTo(Duration.ofDays(3));
    assertThat(o.workflow().paymentTerms()).contains(PaymentTerms.net(30));
    assertThat(o.creditNoteApproval().threshold(Money.currency("USD"))).contains(Money.of("USD", "500.00"));
    assertThat(read(InvoiceWorkflowJson.write(o).toString())).isEqualTo(o);
    assertThat(read("{}")).isEqualTo(InvoiceWorkflowJson.Options.DEFAULT);
    assertThat(InvoiceWorkflowJson.write(InvoiceWorkflowJson.Options.DEFAULT).size()).isZero();
    assertThat(read("{\"payment_terms\":\"P45D\"}").workflow().paymentTerms()).contains(PaymentTerms.net(45));
    assertThat(new InvoiceWorkflowJson.Options(InvoiceWorkflow.DEFAULT,
        new CreditNoteApprovalPolicy(Map.of())).creditNoteApproval()).isEqualTo(CreditNoteApprovalPolicy.NONE);
  }

  @Test
  void badOptionsNameTheirPath() {
    assertThatThrownBy(() -> read("{\"grace_period\":\"3 days\"}")).isInstanceOf(BillingException.class)
        .hasMessageContaining("grace_period").hasMessageContaining("P3D");
    assertThatThrownBy(() -> read("{\"grace\":\"P3D\"}")).isInstanceOf(BillingException.class)
        .hasMessageContaining("grace");
    assertThatThrownBy(() -> read("{\"payment_terms\":\"30 days\"}"))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThatThrownBy(() -> read("{\"credit_note_approval\":{\"threshold\":{\"USD\":\"-1\"}}}"))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThatThrownBy(() -> read("{\"credit_note_approval\":{\"threshold\":{\"USD\":5}}}"))
        .isInstanceOf(BillingException.class).hasMessageContaining("threshold");
  }
}
