package dev.billwright.store.jdbc;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.metering.MeteringCheckpoint;
import dev.billwright.metering.MeteringCheckpointStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable progress of a metering run in table {@code bw_metering_checkpoint}: per run id, how
 * many source records were consumed ({@code position}) and the serialised aggregation state at
 * that point, with the state's format name and version ({@code format}, such as
 * {@code billwright.metering-state/1}). {@link #save} replaces the checkpoint atomically, so a
 * run killed at any point resumes from the last saved position and state. Implements the core SPI
 * {@link MeteringCheckpointStore} used by {@code dev.billwright.rating.CheckpointedAggregation}.
 */
public final class JdbcMeteringCheckpoints implements MeteringCheckpointStore {
  private final Sql sql;
  private final Clock clock;

  /**
   * A saved checkpoint.
   *
   * @param runId the run id
   * @param format the state's format and version
   * @param position how many source records the state covers
   * @param state the serialised state
   */
  public record Checkpoint(String runId, String format, long position, String state) {}

  JdbcMeteringCheckpoints(Sql sql, Clock clock) {
    this.sql = sql;
    this.clock = clock;
  }

  /**
   * Saves (replaces) a run's checkpoint in one transaction.
   *
   * @param checkpoint the checkpoint, not null
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails (the
   *     previous checkpoint stays)
   */
  public void save(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    sql.tx("save checkpoint " + checkpoint.runId(), c -> {
      try (PreparedStatement up = c.prepareStatement("UPDATE bw_metering_checkpoint SET format = ?, position = ?,"
          + " state = ?, updated_at = ? WHERE run_id = ?")) {
        up.setString(1, checkpoint.format());
        up.setLong(2, checkpoint.position());
        up.setString(3, checkpoint.state());
        Sql.setInstant(up, 4, clock.instant());
        up.setString(5, checkpoint.runId());
        if (up.executeUpdate() == 1) {
          return null;
        }
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO bw_metering_checkpoint (run_id, format, position,"
          + " state, updated_at) VALUES (?, ?, ?, ?, ?)")) {
        ins.setString(1, checkpoint.runId());
        ins.setString(2, checkpoint.format());
        ins.setLong(3, checkpoint.position());
        ins.setString(4, checkpoint.state());
        Sql.setInstant(ins, 5, clock.instant());
        ins.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Loads a run's checkpoint.
   *
   * @param runId the run id, not null
   * @return the checkpoint, or empty if the run never saved one
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  public Optional<Checkpoint> load(String runId) {
    return sql.tx("load checkpoint " + runId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT format, position, state FROM bw_metering_checkpoint"
          + " WHERE run_id = ?")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Checkpoint(runId, rs.getString(1), rs.getLong(2), rs.getString(3)))
              : Optional.empty();
        }
      }
    });
  }

  /**
   * Saves (replaces) a run's checkpoint in one transaction (the SPI form of {@link #save(Checkpoint)}).
   *
   * @param checkpoint the checkpoint, not null
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails (the
   *     previous checkpoint stays)
   */
  @Override
  public void save(MeteringCheckpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    save(new Checkpoint(checkpoint.runId(), checkpoint.format(), checkpoint.position(), checkpoint.state()));
  }

  /**
   * Loads a run's checkpoint (the SPI form of {@link #load}).
   *
   * @param runId the run id, not null
   * @return the checkpoint, or empty if the run never saved one
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public Optional<MeteringCheckpoint> find(String runId) {
    return load(runId).map(c -> new MeteringCheckpoint(c.runId(), c.format(), c.position(), c.state()));
  }
}
