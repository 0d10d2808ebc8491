package dev.billwright.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.metering.DedupOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batched dedup check and the retention window, on PostgreSQL and H2. */
class BatchedDedupTest {
  private static void batchAgreesWithOneByOne(String url) {
    try (JdbcStore db = Databases.open(url)) {
      JdbcDeduplicationStore dedup = db.deduplication();
      dedup.firstSeen("s", "e1", 1);
      dedup.firstSeen("s", "e2", 2);
      Map<String, Long> batch = new LinkedHashMap<>();
      batch.put("e1", 1L);
      batch.put("e2", 99L);
      batch.put("e3", 3L);
      assertThat(dedup.firstSeenAll("s", batch)).containsExactly(Map.entry("e1", DedupOutcome.DUPLICATE),
          Map.entry("e2", DedupOutcome.CONFLICT), Map.entry("e3", DedupOutcome.NEW));
      assertThat(dedup.firstSeen("s", "e3", 3)).isEqualTo(DedupOutcome.DUPLICATE);
      assertThat(dedup.firstSeenAll("other", batch).values()).containsOnly(DedupOutcome.NEW);
    }
  }

  @Test
  void batchAgreesWithOneByOneOnPostgres() {
    batchAgreesWithOneByOne(Databases.newPostgres());
  }

  @Test
  void batchAgreesWithOneByOneOnH2() {
    batchAgreesWithOneByOne(Databases.newH2());
  }

  /** dedup_retention: an id first seen longer ago than the window is forgotten by a purge, a newer one is kept. */
  @Test
  void idsOlderThanTheRetentionWindowArePurged() {
    String url = Databases.newPostgres();
    Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
    JdbcStoreSettings settings = JdbcStoreSettings.DEFAULTS;
    assertThat(settings.dedupRetention()).isEqualTo(Duration.ofDays(34));
    try (JdbcStore early = JdbcStore.open(url, "postgres", null, settings, Clock.fixed(t0, ZoneOffset.UTC))) {
      early.deduplication().firstSeen("s", "old", 1);
    }
    try (JdbcStore later = JdbcStore.open(url, "postgres", null, settings,
        Clock.fixed(t0.plus(Duration.ofDays(30)), ZoneOffset.UTC))) {
      later.deduplication().firstSeen("s", "recent", 2);
    }
    try (JdbcStore now = JdbcStore.open(url, "postgres", null, settings,
        Clock.fixed(t0.plus(Duration.ofDays(35)), ZoneOffset.UTC))) {
      JdbcDeduplicationStore dedup = now.deduplication();
      assertThat(dedup.firstSeen("s", "old", 1)).isEqualTo(DedupOutcome.DUPLICATE);
      assertThat(dedup.purgeExpired()).isEqualTo(1);
      assertThat(dedup.firstSeen("s", "recent", 2)).isEqualTo(DedupOutcome.DUPLICATE);
      assertThat(dedup.firstSeen("s", "old", 1)).isEqualTo(DedupOutcome.NEW);
    }
  }
}
