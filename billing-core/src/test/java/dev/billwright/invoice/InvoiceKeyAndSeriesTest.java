package dev.billwright.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InvoiceKeyAndSeriesTest {
  private static final BillingPeriod OCT_UTC =
      BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), ZoneOffset.UTC);

  /** The key text given as the example in the design brief. */
  @Test
  void keyIsDeterministicText() {
    InvoiceKey key = InvoiceKey.of("sub_1", OCT_UTC, InvoiceKind.PERIOD);
    assertThat(key.value()).isEqualTo("sub_1|2026-10-01T00:00Z/2026-11-01T00:00Z|period");
    assertThat(InvoiceKey.of("sub_1", OCT_UTC, InvoiceKind.PERIOD)).isEqualTo(key);
    assertThat(InvoiceKey.parse(key.value())).isEqualTo(key);
    InvoiceKey kolkata = InvoiceKey.of("acc_9", InvoiceFixtures.OCTOBER, InvoiceKind.CONSOLIDATED);
    assertThat(InvoiceKey.parse(kolkata.value())).isEqualTo(kolkata);
    assertThat(InvoiceKey.of("sub_1", OCT_UTC, InvoiceKind.ADJUSTMENT).value()).isNotEqualTo(key.value());
  }

  @Test
  void keyRejectsSeparatorAndGarbage() {
    assertThatThrownBy(() -> InvoiceKey.of("a|b", OCT_UTC, InvoiceKind.PERIOD))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThatThrownBy(() -> InvoiceKey.parse("sub_1|x"))
        .extracting(e -> ((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThatThrownBy(() -> InvoiceKey.parse("sub_1|2026-10-01T00:00Z/2026-11-01T00:00Z|weekly"))
        .hasMessageContaining("one of period");
  }

  /** Indian financial year: 1 April to 31 March (GST reference notes §6). */
  @Test
  void financialYearBoundaries() {
    assertThat(InvoiceSeries.financialYearLabel(LocalDate.of(2027, 3, 31))).isEqualTo("26-27");
    assertThat(InvoiceSeries.financialYearLabel(LocalDate.of(2027, 4, 1))).isEqualTo("27-28");
    assertThat(InvoiceSeries.financialYearLabel(LocalDate.of(2026, 4, 1))).isEqualTo("26-27");
    assertThat(InvoiceSeries.financialYearLabel(LocalDate.of(2000, 1, 15))).isEqualTo("99-00");
    InvoiceSeries series = InvoiceSeries.indianFinancialYear("INV", LocalDate.of(2026, 11, 21), 6);
    assertThat(series.name()).isEqualTo("INV/26-27");
    assertThat(series.format(123)).isEqualTo("INV/26-27/000123").hasSize(16);
  }

  /** CGST Rule 46(b): at most 16 characters from A-Z a-z 0-9 / -. */
  @Test
  void ruleFortySixLimits() {
    assertThatThrownBy(() -> InvoiceSeries.indianFinancialYear("INV", LocalDate.of(2026, 11, 21), 7))
        .hasMessageContaining("16 characters");
    assertThatThrownBy(() -> InvoiceSeries.of("S", "INV_", 4)).hasMessageContaining("A-Z a-z 0-9 / -");
    InvoiceSeries series = InvoiceSeries.of("S", "INV/26-27/", 2);
    assertThat(series.format(999_999)).isEqualTo("INV/26-27/999999");
    assertThatThrownBy(() -> series.format(1_000_000)).hasMessageContaining("exhausted");
    assertThatThrownBy(() -> series.format(0)).hasMessageContaining("1 or more");
  }

  @Test
  void everyFormattedNumberMatchesTheRule46Regex() {
    qt().forAll(integers().between(1, 10), longs().between(1, 9_999_999_999L)).checkAssert((width, value) -> {
      InvoiceSeries series = InvoiceSeries.of("S", "B/", width);
      try {
        assertThat(series.format(value)).matches("^[A-Za-z0-9/-]{1,16}$");
        assertThat(Long.parseLong(series.format(value).substring(2))).isEqualTo(value);
      } catch (BillingException e) {
        assertThat(2 + Math.max(width, Long.toString(value).length())).isGreaterThan(16);
      }
    });
  }
}
