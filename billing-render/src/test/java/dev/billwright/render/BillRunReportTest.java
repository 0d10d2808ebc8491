package dev.billwright.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The bill-run report: tables, inline SVG charts without scripts, escaped names. */
class BillRunReportTest {
  @Test
  void showsTotalsChartsAndListsWithoutScripts() {
    Invoice invoice = InvoiceViewTest.invoice();
    TreeMap<LocalDate, BigDecimal> days = new TreeMap<>();
    for (int d = 1; d <= 31; d++) {
      days.put(LocalDate.of(2026, 10, d), BigDecimal.valueOf(100 + d * 7L));
    }
    BillRunReport report = new BillRunReport("Bill run otp-india 2026-10", List.of(invoice), List.of(),
        Map.of(invoice.customerId(), "<script>alert(1)</script> Labs"), Map.of("otp", days),
        List.of("cus_x 2026-10-01 top-up INR 5,000.00"), List.of("2026-10-20T10:00:00Z balance below INR 500"),
        List.of("cus_y: 3 otp_delivered event(s)"), List.of("unusable evt_9 for meter otp: value \"abc\""));
    String html = DocumentRenderer.DEFAULT.html(report);
    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt; Labs");
    assertThat(html).contains("Totals per customer", "Per customer and charge", "Revenue by charge, INR",
        "Usage by day, otp", "top-up INR 5,000.00", "balance below INR 500", "3 otp_delivered", "unusable evt_9");
    for (InvoiceLine l : invoice.lines()) {
      assertThat(html).contains(l.chargeCode(), Formats.western(l.amount()));
    }
    assertThat(html).contains(Formats.western(invoice.totals().total()));
    // one rect per charge and one per day
    long rects = html.lines().filter(l -> l.startsWith("<rect")).count();
    assertThat(rects).isEqualTo(invoice.lines().stream().map(InvoiceLine::chargeCode).distinct().count() + 31);
    // the largest day is the tallest column: day 31 fills the plot height (140 units)
    BarChart usage = report.usageCharts().get(0);
    assertThat(usage.bars().get(30).height()).isEqualTo(140);
    assertThat(usage.bars().get(0).height()).isLessThan(140).isPositive();
  }
}
