package dev.billwright.examples.cli;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.payment.webhook.RazorpayWebhookSignature;
import dev.billwright.payment.webhook.StripeWebhookSignature;
import dev.billwright.payment.webhook.WebhookVerification;
import dev.billwright.payment.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code billwright webhook}: payment-provider webhook tools. */
@Command(name = "webhook", mixinStandardHelpOptions = true,
    description = "Payment webhooks: verify a Stripe or Razorpay signature.",
    subcommands = {WebhookCommand.Verify.class})
public final class WebhookCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  /** Creates the command; used by picocli. */
  public WebhookCommand() {}

  /** Without a subcommand, prints usage. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code billwright webhook verify}: checks a webhook's signature header against its raw body
   * with {@link StripeWebhookSignature} (HMAC-SHA256 over {@code t.payload}, tolerance window) or
   * {@link RazorpayWebhookSignature} (HMAC-SHA256 of the body). Prints VALID or INVALID with the
   * reason; exits 0 when valid, 1 when invalid, 2 for bad input.
   */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verify a webhook signature (exit 0 valid, 1 invalid, with the reason).")
  public static final class Verify implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--provider", required = true, paramLabel = "PROVIDER", description = "stripe or razorpay.")
    private String provider;

    @Option(names = "--secret", required = true, paramLabel = "S",
        description = "The endpoint's signing secret (Stripe whsec_..., Razorpay webhook secret).")
    private String secret;

    @Option(names = "--signature", required = true, paramLabel = "HEADER",
        description = "The Stripe-Signature or X-Razorpay-Signature header value.")
    private String signature;

    @Option(names = "--payload", converter = OptionTypes.InputFile.class, required = true, paramLabel = "FILE",
        description = "The raw request body, byte for byte.")
    private Path payload;

    @Option(names = "--at", paramLabel = "EPOCH_SECONDS",
        description = "When the webhook was received, in Unix seconds (default: now). Stripe only.")
    private Long at;

    @Option(names = "--tolerance", paramLabel = "SECONDS", defaultValue = "300",
        description = "How old a Stripe signature may be, in seconds; 0 turns the check off (default: 300).")
    private long tolerance;

    /** Creates the command; used by picocli. */
    public Verify() {}

    @Override
    public Integer call() {
      WebhookVerifier verifier;
      switch (provider.toLowerCase(Locale.ROOT)) {
        case "stripe":
          verifier = StripeWebhookSignature.of(secret, Duration.ofSeconds(tolerance));
          break;
        case "razorpay":
          verifier = RazorpayWebhookSignature.of(secret);
          break;
        default:
          throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--provider", provider, "stripe or razorpay");
      }
      byte[] body;
      try {
        body = Files.readAllBytes(payload);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --payload " + payload + ": " + e.getMessage(), e);
      }
      Instant receivedAt = at == null ? Instant.now() : Instant.ofEpochSecond(at);
      WebhookVerification v = verifier.verify(body, signature, receivedAt);
      PrintWriter out = spec.commandLine().getOut();
      out.println((v.valid() ? "VALID    " : "INVALID  ") + provider.toLowerCase(Locale.ROOT) + " webhook, "
          + body.length + " bytes: " + v.reason());
      out.flush();
      return v.valid() ? 0 : 1;
    }
  }
}
