package dev.billwright.credit;

/**
 * Whether a credit grant was paid for or given free, as in Lago's paid and granted credits and
 * Kill Bill Aviate's {@code CREDIT_PAID} / {@code CREDIT_FREE}.
 */
public enum GrantKind {
  /** A paid top-up: the customer bought these credits; the unused part may be refunded. */
  PAID,
  /** A free or promotional grant: never refundable. */
  PROMOTIONAL
}
