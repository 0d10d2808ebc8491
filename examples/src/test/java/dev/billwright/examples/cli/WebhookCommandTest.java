package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billwright.payment.webhook.StripeWebhookSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookCommandTest {
  @TempDir
  Path tmp;

  /** razorpay-java src/test/java/com/razorpay/UtilsTest.java, verifyWebhookSignature. */
  @Test
  void razorpaysDocumentedExampleIsValidAndATamperedBodyIsNot() throws IOException {
    Path body = tmp.resolve("body.json");
    Files.writeString(body, "{\"a\":1,\"b\":2,\"c\":{\"d\":3}}");
    String sig = "2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc";
    Cli ok = Cli.run("webhook", "verify", "--provider", "razorpay", "--secret", "123456", "--signature", sig,
        "--payload", body.toString());
    assertThat(ok.code).as(ok.toString()).isZero();
    assertThat(ok.out).startsWith("VALID    razorpay webhook, 25 bytes: valid");
    Files.writeString(body, "{\"a\":1,\"b\":2,\"c\":{\"d\":4}}");
    Cli bad = Cli.run("webhook", "verify", "--provider", "razorpay", "--secret", "123456", "--signature", sig,
        "--payload", body.toString());
    assertThat(bad.code).isEqualTo(1);
    assertThat(bad.out).contains("INVALID").contains("does not match the payload");
  }

  @Test
  void stripeChecksTheSignatureAndTheToleranceWindow() throws IOException {
    Path body = tmp.resolve("event.json");
    String payload = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
    Files.writeString(body, payload);
    String header = StripeWebhookSignature.header(payload.getBytes(StandardCharsets.UTF_8), "whsec_test_secret",
        1793577600L);
    Cli ok = Cli.run("webhook", "verify", "--provider", "stripe", "--secret", "whsec_test_secret", "--signature",
        header, "--payload", body.toString(), "--at", "1793577700");
    assertThat(ok.code).as(ok.toString()).isZero();
    Cli late = Cli.run("webhook", "verify", "--provider", "stripe", "--secret", "whsec_test_secret", "--signature",
        header, "--payload", body.toString(), "--at", "1793578000");
    assertThat(late.code).isEqualTo(1);
    assertThat(late.out).contains("more than 300 s before");
    Cli wrong = Cli.run("webhook", "verify", "--provider", "stripe", "--secret", "whsec_other", "--signature",
        header, "--payload", body.toString(), "--at", "1793577700");
    assertThat(wrong.code).isEqualTo(1);
    assertThat(wrong.out).contains("wrong secret");
    Cli unknown = Cli.run("webhook", "verify", "--provider", "paypal", "--secret", "s", "--signature", "x",
        "--payload", body.toString());
    assertThat(unknown.code).isEqualTo(2);
    assertThat(unknown.err).contains("stripe or razorpay");
  }
}
