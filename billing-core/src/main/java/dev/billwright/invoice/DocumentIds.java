package dev.billwright.invoice;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds the deterministic ids of invoices from their idempotency keys. Ids are opaque: no code
 * reads anything back out of one (what an invoice is for is its {@link Invoice#key()}).
 *
 * <p>The id of revision {@code r} of a key is {@code inv_} and the first 20 hexadecimal digits of
 * the SHA-256 of the key's {@linkplain InvoiceKey#value() text} (for {@code r > 0}, of that text
 * followed by {@code #r}): revision 0 is the first invoice of a key, revision {@code r} the one that bills the
 * key again after {@code r} invoices of that key were voided (see {@link InvoiceStore}). So two
 * bill runs billing the same key after the same voids compute the same id, and a re-billed
 * period never reuses the id of its void invoice.
 */
public final class DocumentIds {
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
      return "inv_" + HexFormat.of().formatHex(hash).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
