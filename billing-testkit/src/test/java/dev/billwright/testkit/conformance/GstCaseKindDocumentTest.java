package dev.billwright.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kind: gst} with {@code document} CRN/DBN and {@code gstin_mode}: outcomes that can fail. */
class GstCaseKindDocumentTest {
  @TempDir Path dir;

  private CaseOutcome run(String json) throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, json);
    return new ConformanceRunner(List.of(new GstCaseKind()), null).runCase(file);
  }

  private static String note(String type, String supplier, String mode, String cgst) {
    return "{\"id\":\"n\",\"source\":\"CGST Act s.34\",\"kind\":\"gst\"" + (mode == null ? "" : ",\"gstin_mode\":\"" + mode + "\"")
        + ",\"supplier\":{\"gstin\":\"" + supplier + "\"},\"recipient\":{\"gstin\":\"29AABCR1718E1ZL\",\"state\":\"29\"},"
        + "\"document\":{\"type\":\"" + type + "\",\"original\":{\"date\":\"2026-04-01\",\"lines\":[{\"taxable_value\":\"10000.00\",\"rate\":\"18\"}]}},"
        + "\"lines\":[{\"taxable_value\":\"5000.00\",\"rate\":\"12\"}],"
        + "\"expected\":{\"cgst\":\"" + cgst + "\",\"sgst\":\"" + cgst + "\",\"total\":\"5900.00\"}}";
  }

  @Test
  void aCreditNoteIsTaxedAtTheOriginalRateNotTheLinesRate() throws IOException {
    assertThat(run(note("CRN", "29AABCT1332L1ZA", null, "450.00")).status()).isEqualTo(CaseOutcome.Status.PASS);
    CaseOutcome wrong = run(note("CRN", "29AABCT1332L1ZA", null, "300.00"));
    assertThat(wrong.line()).contains("cgst: expected 300.00, got 450.00");
  }

  @Test
  void aCreditNoteCannotExceedTheOriginalLineButADebitNoteMay() throws IOException {
    String over = note("CRN", "29AABCT1332L1ZA", null, "900.00").replace("\"5000.00\"", "\"10000.01\"");
    assertThat(run(over).line()).contains("invoice.credit_exceeds_remaining");
    String debit = note("DBN", "29AABCT1332L1ZA", null, "900.00").replace("\"5000.00\"", "\"10000.00\"")
        .replace("5900.00", "11800.00");
    assertThat(run(debit).status()).as(run(debit).line()).isEqualTo(CaseOutcome.Status.PASS);
    assertThat(run(note("XYZ", "29AABCT1332L1ZA", null, "450.00")).line()).contains("INV, CRN or DBN");
  }

  @Test
  void sandboxModeAcceptsATestIdentifierThatStrictModeRejects() throws IOException {
    assertThat(run(note("CRN", "29AAFCD5862R000", "sandbox", "450.00")).status()).isEqualTo(CaseOutcome.Status.PASS);
    assertThat(run(note("CRN", "29AAFCD5862R000", null, "450.00")).line()).contains("tax.invalid_tax_id");
    assertThat(run(note("CRN", "29AAFCD5862R000", "lenient", "450.00")).line()).contains("strict or sandbox");
  }
}
