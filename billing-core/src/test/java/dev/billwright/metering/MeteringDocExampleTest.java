package dev.billwright.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.time.BillingPeriod;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/metering.md, run as a test (keep the two in step). */
class MeteringDocExampleTest {
  @Test
  void theDocumentedExampleWorks(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("events.ndjson");
    Files.writeString(file, String.join("\n",
        "{\"id\":\"evt_1\",\"customer\":\"cus_42\",\"event_type\":\"otp.sent\",\"timestamp\":\"2026-10-03T10:15:30Z\","
            + "\"properties\":{\"country\":\"IN\",\"channel\":\"sms\",\"status\":\"delivered\"}}",
        "{\"id\":\"evt_1\",\"customer\":\"cus_42\",\"event_type\":\"otp.sent\",\"timestamp\":\"2026-10-03T10:15:30Z\","
            + "\"properties\":{\"country\":\"IN\",\"channel\":\"sms\",\"status\":\"delivered\"}}",
        "{\"id\":\"evt_2\",\"customer\":\"cus_42\",\"event_type\":\"storage.changed\","
            + "\"timestamp\":\"2026-10-16T00:00:00+05:30\",\"properties\":{\"gb\":\"10\"}}",
        "{\"id\":\"evt_3\",\"customer\":\"cus_42\",\"event_type\":\"otp.sent\",\"timestamp\":\"2026-09-20T08:00:00Z\","
            + "\"properties\":{\"country\":\"IN\",\"channel\":\"sms\",\"status\":\"delivered\"}}",
        "{\"id\":\"evt_4\",\"customer\":\"cus_42\",\"event_type\":\"otp.sent\",\"timestamp\":\"soon\"}"));
    BillingPeriod september = BillingPeriod.ofDates(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1),
        ZoneId.of("Asia/Kolkata"));

    // --- the documented example, from here
    Meter otp = Meter.of("otp_sent", "otp.sent", Aggregation.COUNT, null,
        Map.of("status", Set.of("delivered")), List.of("country", "channel"));
    Meter storage = Meter.of("storage", "storage.changed", Aggregation.WEIGHTED_SUM, "gb");

    InvoicedPeriods invoiced = (customer, period) -> period.equals(september); // from your invoice store
    AggregationContext context = AggregationContext.of(List.of(otp, storage),
            PeriodResolver.calendarMonths(ZoneId.of("Asia/Kolkata")))
        .withDedup(new InMemoryDeduplicationStore(1_000_000)) // keep it for the dedup window
        .withInvoiced(invoiced);

    List<RejectedLine> rejected = new ArrayList<>();
    AggregationResult result;
    try (NdjsonEventReader events = NdjsonEventReader.open(file, RejectPolicy.QUARANTINE, rejected::add)) {
      result = UsageAggregator.DEFAULT.aggregate(events, context);
    }
    result.quantities().forEach((key, q) ->
        System.out.println(key.customer() + " " + key.meterCode() + " " + key.period() + " " + key.group()
            + ": " + q.quantity() + " from " + q.events() + " events"));
    result.lateEvents().forEach(late ->
        System.out.println("late for " + late.period() + ": " + late.event().id()));
    // --- to here

    BillingPeriod october = BillingPeriod.ofDates(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1),
        ZoneId.of("Asia/Kolkata"));
    assertThat(result.quantity("cus_42", "otp_sent", october, Map.of("country", "IN", "channel", "sms")))
        .contains(new AggregatedQuantity(BigDecimal.ONE, 1));
    // 10 GB from 16 October 00:00 IST to 1 November 00:00 IST: 16 days = 1 382 400 s → 13 824 000 GB-s
    assertThat(result.quantity("cus_42", "storage", october, Map.of()))
        .contains(new AggregatedQuantity(new BigDecimal("13824000"), 1));
    assertThat(result.duplicatesDropped()).isEqualTo(1);
    assertThat(result.lateEvents()).extracting(l -> l.event().id()).containsExactly("evt_3");
    assertThat(rejected).extracting(RejectedLine::line).containsExactly(5L);
  }
}
