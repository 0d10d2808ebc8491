package dev.billwright.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billwright.error.BillingException;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SubscriptionJsonTest {
  static final String TEXT = """
      {"id": "sub_1", "customer": "cus_1", "plan": {"code": "otp-growth", "version": 3},
       "overrides": {"discounts": {"otp": "10"}},
       "start": "2026-10-01T00:00:00+05:30", "seats": "3",
       "changes": [
         {"id": "chg_1", "kind": "upgrade", "requested_at": "2026-10-16T00:00:00+05:30", "timing": "immediate",
          "plan": {"code": "otp-scale", "version": 1}},
         {"id": "chg_2", "kind": "quantity", "requested_at": "2026-10-20T00:00:00+05:30", "timing": "at_period_end",
          "seats": "5"},
         {"id": "chg_3", "kind": "cancellation", "requested_at": "2026-12-10T00:00:00+05:30", "timing": "immediate"}],
       "metadata": {"crm_id": "42"}}""";

  @Test
  void readsAndRoundTrips() {
    Subscription s = SubscriptionJson.read(JsonObjectReader.root(Json.parse(TEXT, "s.json"), "s.json"));
    assertThat(s.start()).isEqualTo(Instant.parse("2026-09-30T18:30:00Z"));
    assertThat(s.seats()).isEqualByComparingTo("3");
    assertThat(s.overrides().discountPercents()).containsEntry("otp", new BigDecimal("10"));
    assertThat(s.changes()).extracting(SubscriptionChange::kind).containsExactly(SubscriptionChange.Kind.UPGRADE,
        SubscriptionChange.Kind.QUANTITY, SubscriptionChange.Kind.CANCELLATION);
    Subscription again = SubscriptionJson.read(JsonObjectReader.root(Json.parse(Json.write(SubscriptionJson.write(s)), "x"), "x"));
    assertThat(again).isEqualTo(s);
  }

  /** The kinds pause, resume and reactivation read and round-trip; a reactivation is immediate only. */
  @Test
  void pauseResumeAndReactivationRoundTrip() {
    String text = """
        {"id": "sub_p", "customer": "cus_1", "plan": {"code": "basic", "version": 1},
         "start": "2026-04-01T00:00:00Z",
         "changes": [
           {"id": "p", "kind": "pause", "requested_at": "2026-04-11T00:00:00Z", "timing": "immediate"},
           {"id": "r", "kind": "resume", "requested_at": "2026-04-21T00:00:00Z", "timing": "at_period_end"},
           {"id": "c", "kind": "cancellation", "requested_at": "2026-05-02T00:00:00Z", "timing": "at_period_end"},
           {"id": "re", "kind": "reactivation", "requested_at": "2026-05-10T00:00:00Z", "timing": "immediate"}]}
        """;
    Subscription s = SubscriptionJson.read(JsonObjectReader.root(Json.parse(text, "p.json"), "p.json"));
    assertThat(s.changes()).extracting(SubscriptionChange::kind).containsExactly(SubscriptionChange.Kind.PAUSE,
        SubscriptionChange.Kind.RESUME, SubscriptionChange.Kind.CANCELLATION, SubscriptionChange.Kind.REACTIVATION);
    Subscription again = SubscriptionJson.read(JsonObjectReader.root(Json.parse(Json.write(SubscriptionJson.write(s)),
        "x"), "x"));
    assertThat(again).isEqualTo(s);
    String bad = text.replace("\"reactivation\", \"requested_at\": \"2026-05-10T00:00:00Z\", \"timing\": \"immediate\"",
        "\"reactivation\", \"requested_at\": \"2026-05-10T00:00:00Z\", \"timing\": \"at_period_end\"");
    assertThatThrownBy(() -> SubscriptionJson.read(JsonObjectReader.root(Json.parse(bad, "p.json"), "p.json")))
        .isInstanceOf(BillingException.class).hasMessageContaining("$.changes[3]").hasMessageContaining("timing");
  }

  @Test
  void errorsNameThePath() {
    String bad = TEXT.replace("\"seats\": \"5\"", "\"seats\": \"-5\"");
    assertThatThrownBy(() -> SubscriptionJson.read(JsonObjectReader.root(Json.parse(bad, "s.json"), "s.json")))
        .isInstanceOf(BillingException.class).hasMessageContaining("$.changes[1]").hasMessageContaining("seats");
    String unknown = TEXT.replace("\"seats\": \"3\"", "\"seat\": \"3\"");
    assertThatThrownBy(() -> SubscriptionJson.read(JsonObjectReader.root(Json.parse(unknown, "s.json"), "s.json")))
        .hasMessageContaining("unknown field 'seat'");
  }

  @Test
  void aCurrencyWithoutMinorUnitsIsRejectedNamingTheField() {
    for (String code : new String[] {"XXX", "XAU"}) {
      String bad = TEXT.replace("\"seats\": \"3\"", "\"seats\": \"3\", \"currency\": \"" + code + "\"");
      assertThatThrownBy(() -> SubscriptionJson.read(JsonObjectReader.root(Json.parse(bad, "s.json"), "s.json")))
          .isInstanceOf(BillingException.class).hasMessageContaining("$.currency").hasMessageContaining(code);
    }
    String usd = TEXT.replace("\"seats\": \"3\"", "\"seats\": \"3\", \"currency\": \"USD\"");
    assertThat(SubscriptionJson.read(JsonObjectReader.root(Json.parse(usd, "s.json"), "s.json")).currency())
        .contains(java.util.Currency.getInstance("USD"));
  }

  @Test
  void aZeroOverrideDiscountIsRejectedNamingTheOverride() {
    String bad = TEXT.replace("\"otp\": \"10\"", "\"otp\": \"0\"");
    assertThatThrownBy(() -> SubscriptionJson.read(JsonObjectReader.root(Json.parse(bad, "s.json"), "s.json")))
        .isInstanceOf(BillingException.class).hasMessageContaining("$.overrides.discounts.otp")
        .hasMessageNotContaining("coupon");
  }

  @Test
  void aSubscriptionWithAByteOrderMarkIsRead() {
    Subscription s = SubscriptionJson.read(JsonObjectReader.root(Json.parse("\uFEFF" + TEXT, "s.json"), "s.json"));
    assertThat(s.id()).isEqualTo("sub_1");
  }
}
