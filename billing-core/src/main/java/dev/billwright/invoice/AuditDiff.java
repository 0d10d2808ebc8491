package dev.billwright.invoice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shallow diff an audit record of a transition carries, and the replay that rebuilds every
 * version of an entity from its records.
 *
 * <p>Shape. A record that creates an entity carries the whole document as {@link
 * AuditRecord#after()} and no {@code before}. A record of a transition (an invoice finalized,
 * voided, paid, updated) carries two JSON objects holding only the <em>top-level</em> fields that
 * changed:
 * <ul>
 *   <li>{@code before}: each top-level field of the old document that the new one changes or
 *       drops, with its old value;
 *   <li>{@code after}: each top-level field of the new document that is new or changed, with
 *       its new value.
 * </ul>
 * A field in {@code before} only was removed; in {@code after} only, added; in both, changed.
 * Values are whole (a changed {@code lines} array is carried whole, not diffed further); equality
 * is JSON tree equality (a decimal's scale counts: {@code 1.0} is not {@code 1.00}). Example, an
 * invoice finalized: {@code before = {"status":"draft","metadata":{...}}}, {@code after =
 * {"status":"open","number":"INV/26-27/000001","issued_at":"...","metadata":{...}}}.
 *
 * <p>Replay ({@link #apply}): the next version is the previous one without the fields named in
 * {@code before}, then with every field of {@code after} put. The same rule applied to a record
 * that carries two whole documents (as the stores wrote before the shallow form) yields its
 * {@code after} document, so a log mixing both forms replays exactly.
 */
public final class AuditDiff {
  private AuditDiff() {}

  /**
   * The two halves of a shallow diff.
   *
   * @param before the old values of the top-level fields changed or removed, not null
   * @param after the new values of the top-level fields changed or added, not null
   */
  public record Halves(ObjectNode before, ObjectNode after) {
    /**
     * Checks the halves.
     *
     * @param before the old values, not null
     * @param after the new values, not null
     * @throws NullPointerException if a half is null
     */
    public Halves {
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }
  }

  /**
   * The shallow diff between two versions of a document. The nodes returned share the value
   * nodes of the inputs (nothing is copied): treat them as read-only.
   *
   * @param before the old document, not null
   * @param after the new document, not null
   * @return the halves; both empty when the documents are equal, never null
   */
  public static Halves of(ObjectNode before, ObjectNode after) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    ObjectNode was = Json.object();
    ObjectNode now = Json.object();
    for (Map.Entry<String, JsonNode> e : before.properties()) {
      JsonNode next = after.get(e.getKey());
      if (next == null || !next.equals(e.getValue())) {
        was.set(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, JsonNode> e : after.properties()) {
      JsonNode old = before.get(e.getKey());
      if (old == null || !old.equals(e.getValue())) {
        now.set(e.getKey(), e.getValue());
      }
    }
    return new Halves(was, now);
  }

  /**
   * The next version of a document: {@code state} without the fields named in {@code before},
   * then with the fields of {@code after} put.
   *
   * @param state the previous version, not null (not changed)
   * @param before the {@code before} half (or a whole old document), not null
   * @param after the {@code after} half (or a whole new document), not null
   * @return a new node, never null
   */
  public static ObjectNode apply(ObjectNode state, ObjectNode before, ObjectNode after) {
    ObjectNode next = state.deepCopy();
    for (Iterator<String> it = before.fieldNames(); it.hasNext();) {
      next.remove(it.next());
    }
    next.setAll(after);
    return next;
  }

  /**
   * Rebuilds every version of one entity from its audit records, oldest first: a record without
   * {@code before} starts from its {@code after} (the whole document); a record with both
   * applies them ({@link #apply}).
   *
   * @param records the entity's records in log order ({@link AuditLog#read}), not null
   * @return the version after each record, as many as there are records, never null
   * @throws BillingException with {@link ErrorCode#INVALID_DOCUMENT} if a record has no
   *     {@code after}, a transition comes before any creation, or a state is not a JSON object
   */
  public static List<ObjectNode> replay(List<AuditRecord> records) {
    List<ObjectNode> out = new ArrayList<>(records.size());
    ObjectNode state = null;
    for (AuditRecord r : records) {
      String where = "audit record " + r.entityType() + " " + r.entityId() + " " + r.action();
      if (r.after().isEmpty()) {
        throw new BillingException(ErrorCode.INVALID_DOCUMENT, where + " has no state after: it cannot be replayed");
      }
      ObjectNode after = object(r.after().get(), where + " (after)");
      if (r.before().isEmpty()) {
        state = after;
      } else if (state == null) {
        throw new BillingException(ErrorCode.INVALID_DOCUMENT, where + " changes a state no earlier record created");
      } else {
        state = apply(state, object(r.before().get(), where + " (before)"), after);
      }
      out.add(state);
    }
    return out;
  }

  private static ObjectNode object(String text, String where) {
    JsonNode node = Json.parse(text, where);
    if (!(node instanceof ObjectNode o)) {
      throw new BillingException(ErrorCode.INVALID_DOCUMENT, where + " is not a JSON object: " + node.getNodeType());
    }
    return o;
  }
}
