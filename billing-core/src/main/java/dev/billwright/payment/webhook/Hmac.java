package dev.billwright.payment.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 (RFC 2104 with FIPS 180-4 SHA-256) in lower-case hex, and a constant-time compare. */
final class Hmac {
  private Hmac() {}

  static String sha256Hex(String secret, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  static boolean equalsConstantTime(String expectedHex, String givenHex) {
    return MessageDigest.isEqual(expectedHex.getBytes(StandardCharsets.US_ASCII),
        givenHex.getBytes(StandardCharsets.US_ASCII));
  }
}
