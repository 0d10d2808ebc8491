package dev.billwright.store.jdbc;

import dev.billwright.catalog.ImmutablePlanAccess;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanCatalog;
import dev.billwright.catalog.PlanJson;
import dev.billwright.catalog.PlanStatus;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.invoice.AuditRecord;
import dev.billwright.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plan catalog in table {@code bw_plan}: one row per plan version, the body in
 * {@link PlanJson} form. Same rules as the in-memory catalog: a draft version may be replaced, an
 * active one only archived. Every publish that changes a row is audited ({@code plan},
 * {@code code@version}).
 */
public final class JdbcPlanCatalog implements PlanCatalog {
  private final Sql sql;
  private final String actor;
  private final Clock clock;

  JdbcPlanCatalog(Sql sql, JdbcAuditLog audit, String actor, Clock clock) {
    this.sql = sql;
    this.actor = actor;
    this.clock = clock;
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#INVALID_DEFINITION} if the version exists, is
   *     not a draft and the plan is neither equal to it nor its archived form;
   *     {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public void publish(Plan plan) {
    String body = Json.write(PlanJson.write(plan));
    sql.tx("publish plan " + plan.reference(), c -> {
      Optional<Plan> existing = find(c, plan.code(), plan.version(), true);
      if (existing.isPresent()) {
        Plan e = existing.get();
        if (e.equals(plan)) {
          return null;
        }
        if (e.status() != PlanStatus.DRAFT && !ImmutablePlanAccess.withStatus(e, PlanStatus.ARCHIVED).equals(plan)) {
          throw BillingException.invalid(ErrorCode.INVALID_DEFINITION, "plan", plan.reference(),
              "a new version: " + e.reference() + " is " + e.status().name().toLowerCase(Locale.ROOT)
                  + " and immutable (only archiving is allowed)");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE bw_plan SET status = ?, body = ? WHERE code = ? AND"
            + " version = ?")) {
          ps.setString(1, plan.status().name().toLowerCase(Locale.ROOT));
          ps.setString(2, body);
          ps.setString(3, plan.code());
          ps.setInt(4, plan.version());
          ps.executeUpdate();
        }
        JdbcAuditLog.append(c, AuditRecord.of(AuditRecord.ENTITY_PLAN, plan.reference(),
            plan.status() == PlanStatus.ARCHIVED ? "archived" : "updated", Json.write(PlanJson.write(e)), body, actor,
            "", clock.instant()));
        return null;
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_plan (code, version, status, body) VALUES"
          + " (?, ?, ?, ?)")) {
        ps.setString(1, plan.code());
        ps.setInt(2, plan.version());
        ps.setString(3, plan.status().name().toLowerCase(Locale.ROOT));
        ps.setString(4, body);
        ps.executeUpdate();
      }
      JdbcAuditLog.append(c, AuditRecord.of(AuditRecord.ENTITY_PLAN, plan.reference(), "published", null, body,
          actor, "", clock.instant()));
      return null;
    });
  }

  private static Optional<Plan> find(Connection c, String code, int version, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT body FROM bw_plan WHERE code = ? AND version = ?"
        + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, code);
      ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(parse(rs.getString(1), code + "@" + version)) : Optional.empty();
      }
    }
  }

  private static Plan parse(String body, String ref) {
    return PlanJson.read(Json.parse(body, "bw_plan " + ref), "bw_plan " + ref);
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public Optional<Plan> find(String code, int version) {
    return sql.tx("find plan", c -> find(c, code, version, false));
  }

  /**
   * {@inheritDoc}
   *
   * @throws BillingException with {@link ErrorCode#STORE_UNAVAILABLE} if the database fails
   */
  @Override
  public List<Plan> versions(String code) {
    return sql.tx("list plan versions", c -> {
      List<Plan> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT version, body FROM bw_plan WHERE code = ? ORDER BY"
          + " version")) {
        ps.setString(1, code);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(parse(rs.getString(2), code + "@" + rs.getInt(1)));
          }
        }
      }
      return out;
    });
  }
}
