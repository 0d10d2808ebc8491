package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.time.BillingPeriod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds every deterministic document id the engine makes — invoices, adjustment invoices'
 * keys, credit notes and invoice lines — in this one class. Ids are opaque: no code reads
 * anything back out of one (what an invoice is for is its {@link Invoice#key()}, what a line is
 * for is its {@link InvoiceLine#origin()}, what a credit note is for is its
 * {@link CreditNote#origin()}); they are only compared for equality, for idempotency. The shapes
 * below are stable: stored documents and golden files depend on them.
 *
 * <p>The id of revision {@code r} of a key is {@code inv_} and the first 20 hexadecimal digits of
 * the SHA-256 of the key's {@linkplain InvoiceKey#value() text} (for {@code r > 0}, of that text
 * followed by {@code #r}): revision 0 is the first invoice of a key, revision {@code r} the one that bills the
 * key again after {@code r} invoices of that key were voided (see {@link InvoiceStore}). So two
 * bill runs billing the same key after the same voids compute the same id, and a re-billed
 * period never reuses the id of its void invoice.
 */
public final class DocumentIds {
  private static final String INVOICE_PREFIX = "inv_";
  private static final String CORRECTION = "~adj";

  private DocumentIds() {}

  /**
   * Returns the id of an invoice of a key.
   *
   * @param key the idempotency key, not null
   * @param revision how many invoices of the key were voided before this one, 0 or more
   * @return the id, such as {@code inv_3f2a…} (24 characters) for revision 0, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the revision is negative
   */
  public static String invoiceId(InvoiceKey key, int revision) {
    if (revision < 0) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "revision", revision, "0 or more");
    }
    String text = revision == 0 ? key.value() : key.value() + "#" + revision;
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return INVOICE_PREFIX + HexFormat.of().formatHex(hash).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * Returns the id of a line: {@code subscriptionId/chargeCode/groupKey/kind}, with the group key
   * written {@code k=v,k=v} in key order and the kind in lower case, such as
   * {@code sub_1/api_calls/channel=web,country=IN/usage} (usage lines and one-time charges, one
   * per charge and group in a period).
   *
   * @param subscriptionId the subscription id, or empty for a line without subscription
   * @param chargeCode the charge code, not null
   * @param groupKey the group key, not null, may be empty
   * @param kind the line kind, not null
   * @return the id, never null
   */
  public static String lineId(String subscriptionId, String chargeCode, Map<String, String> groupKey, LineKind kind) {
    String lowerKind = KIND_NAMES[kind.ordinal()];
    if (groupKey.isEmpty()) {
      return subscriptionId + '/' + chargeCode + "//" + lowerKind;
    }
    StringBuilder group = new StringBuilder();
    new TreeMap<>(groupKey).forEach((k, v) -> {
      if (group.length() > 0) {
        group.append(',');
      }
      group.append(k).append('=').append(v);
    });
    return subscriptionId + '/' + chargeCode + '/' + group + '/' + lowerKind;
  }

  /** Each line kind's name in lower case, by ordinal. */
  private static final String[] KIND_NAMES = java.util.Arrays.stream(LineKind.values())
      .map(k -> k.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

  /**
   * Returns the id of a usage line of one usage window: the {@link #lineId}, and for a later
   * window of the same charge on one invoice (after a plan change inside the period) {@code @} and
   * the window's start, such as {@code sub_1/api_calls//usage@2026-10-16T00:00:00Z}.
   *
   * @param subscriptionId the subscription id, not null
   * @param chargeCode the charge code, not null
   * @param groupKey the group key, not null, may be empty
   * @param kind the line kind, not null
   * @param windowStart the window's start for a later window of the charge, empty for the first
   * @return the id, never null
   */
  public static String lineId(String subscriptionId, String chargeCode, Map<String, String> groupKey, LineKind kind,
      Optional<Instant> windowStart) {
    return lineId(subscriptionId, chargeCode, groupKey, kind) + windowStart.map(t -> "@" + t).orElse("");
  }

  /**
   * Returns the id of a fee line for one segment of a period (recurring fees and proration
   * charges, of which a period may hold several, one per plan phase): the {@link #lineId} without
   * group, {@code @} and the segment's start, such as
   * {@code sub_1/platform//recurring_fee@2026-10-01T00:00:00Z}.
   *
   * @param subscriptionId the subscription id, not null
   * @param chargeCode the charge code, not null
   * @param kind the line kind, not null
   * @param segmentStart the start of the segment billed, not null
   * @return the id, never null
   */
  public static String segmentLineId(String subscriptionId, String chargeCode, LineKind kind, Instant segmentStart) {
    return lineId(subscriptionId, chargeCode, Map.of(), kind) + "@" + segmentStart;
  }

  /**
   * Returns the id of a proration credit line: the {@link #lineId} of kind
   * {@link LineKind#PRORATION_CREDIT} without group, {@code @} and the start of the unused span,
   * {@code #} and the credited line's id, such as
   * {@code sub_1/platform//proration_credit@2026-10-15T00:00:00Z#sub_1/platform//recurring_fee@2026-10-01T00:00:00Z}.
   * The credited line is named in the id only to keep ids unique; code reads it from the line's
   * {@link LineOrigin.ProrationCredit}.
   *
   * @param subscriptionId the subscription id, not null
   * @param chargeCode the credited line's charge code, not null
   * @param unusedStart the start of the unused span credited, not null
   * @param creditedLineId the id of the credited line, not null
   * @return the id, never null
   */
  public static String prorationCreditLineId(String subscriptionId, String chargeCode, Instant unusedStart,
      String creditedLineId) {
    return segmentLineId(subscriptionId, chargeCode, LineKind.PRORATION_CREDIT, unusedStart) + "#" + creditedLineId;
  }

  /**
   * Returns the id of a minimum commitment true-up line: the {@link #segmentLineId} of the charge
   * code {@code minimum_commitment}, kind {@link LineKind#COMMITMENT_TRUE_UP}, at the period's
   * start, such as {@code sub_1/minimum_commitment//commitment_true_up@2026-10-01T00:00:00Z}.
   *
   * @param subscriptionId the subscription id, not null
   * @param periodStart the start of the period trued up, not null
   * @return the id, never null
   */
  public static String commitmentTrueUpLineId(String subscriptionId, Instant periodStart) {
    return segmentLineId(subscriptionId, "minimum_commitment", LineKind.COMMITMENT_TRUE_UP, periodStart);
  }

  /**
   * Returns the id of the line of an adjustment invoice that corrects a line after late usage:
   * the corrected line's id, {@code ~adj} and the correction's revision, such as
   * {@code sub_1/api_calls//usage~adj1}.
   *
   * @param correctedLineId the id of the corrected line, not null
   * @param revision the correction's revision, 1 for the first correction of a period
   * @return the id, never null
   */
  public static String correctionLineId(String correctedLineId, int revision) {
    return correctedLineId + CORRECTION + revision;
  }

  /**
   * Returns the idempotency key of the adjustment invoice of a late-usage correction:
   * subscription {@code subscriptionId~adjN}, the corrected period, kind
   * {@link InvoiceKind#ADJUSTMENT}, such as {@code sub_1~adj1|2026-10-01T00:00Z/2026-11-01T00:00Z|adjustment};
   * its id is {@link #invoiceId invoiceId(key, 0)}.
   *
   * @param subscriptionId the subscription id, not null
   * @param period the corrected period, not null
   * @param revision the correction's revision, 1 for the first correction of a period
   * @return the key, never null
   * @throws BillingException as {@link InvoiceKey#of} throws
   */
  public static InvoiceKey adjustmentKey(String subscriptionId, BillingPeriod period, int revision) {
    return InvoiceKey.of(subscriptionId + CORRECTION + revision, period, InvoiceKind.ADJUSTMENT);
  }

  /**
   * Returns the idempotency key of the n-th progressive-billing invoice of a period: subscription
   * {@code subscriptionId~thrN}, the period (the span of the bill run's cycle the usage accrues
   * in), kind {@link InvoiceKind#PROGRESSIVE}, such as
   * {@code sub_1~thr1|2026-10-01T00:00Z/2026-11-01T00:00Z|progressive}; its id is
   * {@link #invoiceId invoiceId(key, 0)}. One key per threshold crossing of the period, in the
   * order of the crossings, so a bill run re-run finds each crossing's invoice.
   *
   * @param subscriptionId the subscription id, not null
   * @param period the period the usage accrues in, not null
   * @param crossing the crossing's ordinal in the period, 1 for the first
   * @return the key, never null
   * @throws BillingException as {@link InvoiceKey#of} throws
   * @throws IllegalArgumentException if {@code crossing} is below 1
   */
  public static InvoiceKey progressiveKey(String subscriptionId, BillingPeriod period, int crossing) {
    if (crossing < 1) {
      throw new IllegalArgumentException("crossing " + crossing + " is below 1");
    }
    return InvoiceKey.of(subscriptionId + "~thr" + crossing, period, InvoiceKind.PROGRESSIVE);
  }

  /**
   * Returns the idempotency key of the consolidated invoice of a billing account that carries a
   * subscription's invoice of a key: owner the account id (for a subscription key of kind
   * {@link InvoiceKind#PERIOD}; for another kind, the account id, {@code ~} and the kind in lower
   * case, so an opening invoice and a period invoice of one span never share a key), the same
   * period, kind {@link InvoiceKind#CONSOLIDATED}, such as
   * {@code acme|2026-10-01T00:00Z/2026-11-01T00:00Z|consolidated}; its id is
   * {@link #invoiceId invoiceId(key, revision)}.
   *
   * @param accountId the billing account id, not blank, without {@code |}
   * @param subscriptionKey the key the subscription's own invoice would have, not null
   * @return the key, never null
   * @throws BillingException as {@link InvoiceKey#of} throws
   */
  public static InvoiceKey consolidatedKey(String accountId, InvoiceKey subscriptionKey) {
    String owner = subscriptionKey.kind() == InvoiceKind.PERIOD ? accountId
        : accountId + "~" + subscriptionKey.kind().name().toLowerCase(Locale.ROOT);
    return InvoiceKey.of(owner, subscriptionKey.period(), InvoiceKind.CONSOLIDATED);
  }

  /**
   * Returns the id of the credit note that carries proration credits (unused time after a plan or
   * seat change) against an invoice: {@code cn_}, the credited invoice's stem, {@code _proration_}
   * and the stem of the invoice that carries the new price, such as
   * {@code cn_8be8c223b2aff617ca8e_proration_c289102f8121364312f0}. An invoice's stem is its id
   * without the {@code inv_} prefix of {@link #invoiceId} (an id without that prefix, chosen by a
   * host, is used whole).
   *
   * @param creditedInvoiceId the id of the invoice credited, not null
   * @param nextInvoiceId the id of the invoice the credit lines were moved out of, not null
   * @return the id, never null
   */
  public static String prorationCreditNoteId(String creditedInvoiceId, String nextInvoiceId) {
    return "cn_" + stem(creditedInvoiceId) + "_proration_" + stem(nextInvoiceId);
  }

  /**
   * Returns the id of the credit note for the unused time of one line billed in advance after a
   * subscription's end: {@code cn_}, the invoice's stem (see {@link #prorationCreditNoteId}),
   * {@code _cancel_} and the line's index on the invoice, such as
   * {@code cn_3321d15d9002aa797284_cancel_1}.
   *
   * @param invoiceId the id of the invoice credited, not null
   * @param lineIndex the credited line's index among the invoice's lines, from 0
   * @return the id, never null
   */
  public static String cancellationCreditNoteId(String invoiceId, int lineIndex) {
    return "cn_" + stem(invoiceId) + "_cancel_" + lineIndex;
  }

  /**
   * Returns the id of the credit note for the decreases of a late-usage correction: {@code cn_},
   * the original invoice's stem (see {@link #prorationCreditNoteId}), {@code ~adj} and the
   * correction's revision, such as {@code cn_3321d15d9002aa797284~adj1}.
   *
   * @param invoiceId the id of the original invoice, not null
   * @param revision the correction's revision, 1 for the first correction of a period
   * @return the id, never null
   */
  public static String correctionCreditNoteId(String invoiceId, int revision) {
    return "cn_" + stem(invoiceId) + CORRECTION + revision;
  }

  /** An invoice id without the prefix this class gives it; builds an id, decides nothing. */
  private static String stem(String invoiceId) {
    return invoiceId.startsWith(INVOICE_PREFIX) ? invoiceId.substring(INVOICE_PREFIX.length()) : invoiceId;
  }
}
