package dev.billwright.examples.cli;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.examples.data.Customer;
import dev.billwright.examples.data.Dataset;
import dev.billwright.examples.data.Party;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteJson;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.invoice.LineKind;
import dev.billwright.json.Json;
import dev.billwright.render.DocumentParty;
import dev.billwright.render.DocumentRenderer;
import dev.billwright.render.EInvoiceAck;
import dev.billwright.render.GstDocumentView;
import dev.billwright.render.CreditNoteView;
import dev.billwright.render.InvoiceView;
import dev.billwright.render.UsageBreakdown;
import dev.billwright.tax.gst.GstInvoice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code billwright render}: the document a customer receives, as PDF or HTML, from an invoice or
 * credit note JSON written by {@code bill}. A GST-registered supplier billing in INR gets a GST
 * tax invoice (CGST Rule 46) or credit note (Rule 53) through the same {@link GstInvoice} the
 * e-invoice is made from; anything else, or {@code --generic}, a generic invoice or credit note.
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Render an invoice or credit note written by bill as PDF or HTML.",
    footerHeading = "%nExample (after ./billwright bill):%n",
    footer = {"  billwright render --invoice target/bill-run/invoices/INV-26-27-000009.json",
        "      --format pdf --out inv.pdf"})
public final class RenderCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--invoice", converter = OptionTypes.InputFile.class, paramLabel = "FILE", description = "An invoice JSON written by bill (OUT/invoices/).")
  private Path invoice;

  @Option(names = "--credit-note", converter = OptionTypes.InputFile.class, paramLabel = "FILE",
      description = "A credit note JSON written by bill (OUT/credit-notes/); needs --original.")
  private Path creditNote;

  @Option(names = "--original", converter = OptionTypes.InputFile.class, paramLabel = "FILE", description = "With --credit-note: the invoice it credits.")
  private Path original;

  @Option(names = "--format", paramLabel = "pdf|html", defaultValue = "pdf",
      description = "pdf (default) or html.")
  private String format;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file to write.")
  private Path out;

  @Option(names = "--customers", converter = OptionTypes.InputFile.class, paramLabel = "FILE",
      description = "The customers JSON holding the supplier and the customer (default: the bundled otp-india).")
  private Path customers;

  @Option(names = "--example", paramLabel = "NAME", description = "Bundled data set of the parties: otp-india "
      + "(default) or aws-lambda.")
  private String example;

  @Option(names = "--einvoice-ack", converter = OptionTypes.InputFile.class, paramLabel = "FILE", description = "The IRP's response to the e-invoice "
      + "(JSON with Irn, AckNo, AckDt, SignedQRCode): printed with the IRN and the signed QR code.")
  private Path ack;

  @Option(names = "--generic", description = "A generic invoice or credit note even for a GST supplier.")
  private boolean generic;

  /** Creates the command; used by picocli. */
  public RenderCommand() {}

  @Override
  public Integer call() {
    if ((invoice == null) == (creditNote == null)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--invoice/--credit-note", null,
          "exactly one of --invoice FILE and --credit-note FILE --original FILE");
    }
    Format f = Format.of(format);
    Dataset data = customers != null ? Dataset.load(null, null, customers)
        : Dataset.bundled(example == null ? "otp-india" : example);
    byte[] bytes;
    if (creditNote != null) {
      if (original == null) {
        throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "--original", null,
            "the invoice JSON the credit note credits");
      }
      CreditNote note = CreditNoteJson.read(creditNote);
      Invoice credited = read(original);
      bytes = render(data, note, credited, f, generic);
    } else {
      bytes = render(data, read(invoice), f, generic, ack == null ? null : readAck(ack));
    }
    write(out, bytes);
    spec.commandLine().getErr().println("wrote " + out + " (" + bytes.length + " bytes)");
    return 0;
  }

  /** The output format. */
  enum Format {
    PDF, HTML;

    static Format of(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw BillingException.invalid(ErrorCode.INVALID_VALUE, "--format", text, "pdf or html");
      }
    }

    String extension() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static Invoice read(Path file) {
    return InvoiceJson.read(file);
  }

  static void write(Path file, byte[] bytes) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the invoice is rendered as a GST document: a GSTIN-registered supplier and INR. */
  static boolean isGst(Dataset data, Invoice invoice) {
    return data.supplier().flatMap(Party::gstin).isPresent() && "INR".equals(invoice.currency().getCurrencyCode());
  }

  static byte[] render(Dataset data, Invoice invoice, Format format, boolean generic, EInvoiceAck ack) {
    if (!generic && isGst(data, invoice)) {
      GstDocumentView view = gstView(EInvoiceCommand.gstDocument(data, invoice), ack);
      for (int i = 0; i < invoice.lines().size(); i++) {
        var line = invoice.lines().get(i);
        if (line.kind() == LineKind.USAGE) {
          view = view.withBreakdown(i + 1, UsageBreakdown.of(line.explanation()));
        }
      }
      return render(view, format);
    }
    Customer c = data.customer(invoice.customerId()).orElse(null);
    DocumentParty seller = data.supplier().map(RenderCommand::party)
        .orElse(new DocumentParty(data.name(), List.of(), ""));
    DocumentParty billTo = c == null ? new DocumentParty(invoice.customerId(), List.of(), "") : party(c.party());
    InvoiceView view = InvoiceView.of(invoice, seller, billTo, data.zone());
    String html = DocumentRenderer.DEFAULT.html(view);
    return format == Format.HTML ? html.getBytes(StandardCharsets.UTF_8) : DocumentRenderer.DEFAULT.pdf(html);
  }

  /**
   * A credit note as a GST credit note (Rule 53) when its invoice is a GST one and {@code generic}
   * is not set, else as a generic credit note.
   */
  static byte[] render(Dataset data, CreditNote note, Invoice credited, Format format, boolean generic) {
    if (!generic && isGst(data, credited)) {
      return render(gstView(EInvoiceCommand.gstDocument(data, note, credited), null), format);
    }
    Customer c = data.customer(credited.customerId()).orElse(null);
    DocumentParty seller = data.supplier().map(RenderCommand::party)
        .orElse(new DocumentParty(data.name(), List.of(), ""));
    DocumentParty billTo = c == null ? new DocumentParty(credited.customerId(), List.of(), "") : party(c.party());
    String html = DocumentRenderer.DEFAULT.html(CreditNoteView.of(note, credited, seller, billTo, data.zone()));
    return format == Format.HTML ? html.getBytes(StandardCharsets.UTF_8) : DocumentRenderer.DEFAULT.pdf(html);
  }

  static GstDocumentView gstView(GstInvoice document, EInvoiceAck ack) {
    GstDocumentView view = GstDocumentView.of(document);
    return ack == null ? view : view.withAck(ack);
  }

  static byte[] render(GstDocumentView view, Format format) {
    String html = DocumentRenderer.DEFAULT.html(view);
    return format == Format.HTML ? html.getBytes(StandardCharsets.UTF_8) : DocumentRenderer.DEFAULT.pdf(html);
  }

  private static DocumentParty party(Party p) {
    List<String> address = new ArrayList<>();
    if (!p.address().isBlank()) {
      address.add(p.address());
    }
    String place = (p.location() + p.pin().map(pin -> " " + pin).orElse("")).trim();
    if (!place.isEmpty()) {
      address.add(place);
    }
    return new DocumentParty(p.legalName(), address, p.gstin().map(g -> "GSTIN " + g).orElse(""));
  }

  /** Reads the IRP's e-invoice response: {@code Irn}, {@code AckNo}, {@code AckDt}, {@code SignedQRCode}. */
  static EInvoiceAck readAck(Path file) {
    var node = Json.readFile(file);
    for (String field : List.of("Irn", "AckNo", "AckDt", "SignedQRCode")) {
      if (!node.hasNonNull(field)) {
        throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, file + ": $." + field, null,
            "the IRP response fields Irn, AckNo, AckDt, SignedQRCode");
      }
    }
    LocalDateTime at;
    try {
      at = LocalDateTime.parse(node.get("AckDt").asText(), DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss"));
    } catch (java.time.format.DateTimeParseException e) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, file + ": $.AckDt", node.get("AckDt").asText(),
          "yyyy-MM-dd HH:mm:ss (IST)");
    }
    return new EInvoiceAck(node.get("Irn").asText(), node.get("AckNo").asText(), at, node.get("SignedQRCode").asText());
  }
}
