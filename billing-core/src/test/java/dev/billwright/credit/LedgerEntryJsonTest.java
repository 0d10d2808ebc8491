package dev.billwright.credit;

import static dev.billwright.credit.Fixtures.T0;
import static dev.billwright.credit.Fixtures.inr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LedgerEntryJsonTest {
  private static LedgerEntry roundTrip(LedgerEntry e) {
    String text = Json.write(LedgerEntryJson.write(e));
    return LedgerEntryJson.read(JsonObjectReader.root(Json.parse(text, "entry.json"), "entry.json"));
  }

  @Test
  void roundTripsGrantsAndMovements() {
    qt().forAll(integers().all()).checkAssert(code -> {
      CreditGrant g = Fixtures.grant(code, 7);
      CreditGrant withRate = new CreditGrant(g.id(), g.walletId(), g.kind(), g.amount(),
          code % 2 == 0 ? null : new BigDecimal("0.125"), g.priority(), g.effectiveAt(),
          g.expiresAt(), g.scope());
      LedgerEntry top = new LedgerEntry("w", "grant:g7", 0, LedgerEntryType.GRANT, "g7",
          withRate.amount(), T0, null, withRate);
      assertThat(roundTrip(top)).isEqualTo(top);
    });
    LedgerEntry d = new LedgerEntry("w", "deduct:e1", 1, LedgerEntryType.DEDUCTION,
        DeductionCalculator.OVERDRAFT, inr("-1.505"), T0, "api_calls", null);
    assertThat(roundTrip(d)).isEqualTo(d);
    LedgerEntry withRequest = new LedgerEntry("w", "deduct:e1", 0, LedgerEntryType.DEDUCTION, "g",
        inr("-1.50"), T0, "api_calls", null,
        "deduction{amount=INR 1.50, code=\"api_calls\", at=2026-01-01T00:00:00Z, cap_mode=hard}");
    assertThat(roundTrip(withRequest)).isEqualTo(withRequest);
    assertThat(LedgerEntryJson.write(withRequest).get("request").textValue())
        .isEqualTo(withRequest.request());
  }

  @Test
  void rejectsABlankRequestText() {
    assertThatThrownBy(() -> new LedgerEntry("w", "k", 0, LedgerEntryType.EXPIRY, "g", inr("-1"),
        T0, null, null, " ")).isInstanceOf(BillingException.class)
        .hasMessageContaining("entry.request");
  }

  @Test
  void rejectsUnknownFields() {
    ObjectNode o = LedgerEntryJson.write(new LedgerEntry("w", "k", 0, LedgerEntryType.EXPIRY, "g",
        inr("-1"), T0, null, null));
    o.put("colour", "blue");
    assertThatThrownBy(() -> LedgerEntryJson.read(JsonObjectReader.root(o, "x")))
        .isInstanceOf(BillingException.class).hasMessageContaining("colour");
  }
}
