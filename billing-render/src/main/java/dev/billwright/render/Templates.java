package dev.billwright.render;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import gg.jte.CodeResolver;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateException;
import gg.jte.output.StringOutput;
import gg.jte.resolve.DirectoryCodeResolver;
import gg.jte.resolve.ResourceCodeResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The templates documents are rendered with: JTE templates in HTML mode, where every {@code ${}}
 * value is escaped for its context (element text, attribute) unless a template asks otherwise.
 *
 * <p>The built-in set ({@link #builtIn()}) is compiled to Java at build time, so rendering needs
 * no compiler. Its templates: {@code billwright/gst.jte} ({@link GstDocumentView}),
 * {@code billwright/invoice.jte} ({@link InvoiceView}), {@code billwright/report.jte}
 * ({@link BillRunReport}), and the parts they call, {@code billwright/style.jte} (the CSS) and
 * {@code billwright/breakdown.jte} (usage breakdown rows). A host replaces or extends them with
 * {@link #directory(Path, Path)}: a template found in the host's directory wins, any other is
 * taken from the built-in sources, so a host can replace only the style, or write its own
 * {@code billwright/gst.jte} that calls {@code @template.billwright.breakdown(...)}.
 */
public final class Templates {
  /** The template of GST documents. */
  public static final String GST = "billwright/gst.jte";
  /** The template of generic invoices. */
  public static final String INVOICE = "billwright/invoice.jte";
  /** The template of generic (non-GST) credit notes. */
  public static final String CREDIT_NOTE = "billwright/credit-note.jte";
  /** The template of the bill-run report. */
  public static final String REPORT = "billwright/report.jte";

  private static final Templates BUILT_IN = new Templates(TemplateEngine.createPrecompiled(ContentType.Html));

  private final TemplateEngine engine;

  private Templates(TemplateEngine engine) {
    this.engine = engine;
  }

  /**
   * Returns the built-in templates, precompiled.
   *
   * @return the templates, never null
   */
  public static Templates builtIn() {
    return BUILT_IN;
  }

  /**
   * Returns templates read from a host's directory first and from the built-in sources second,
   * compiled when first used (this needs a JDK at run time: {@code javax.tools}).
   *
   * @param directory the host's template root, holding for example {@code billwright/style.jte},
   *     not null, an existing directory
   * @param classDirectory where compiled templates are written, not null
   * @return the templates, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if {@code directory} is not a
   *     directory
   */
  public static Templates directory(Path directory, Path classDirectory) {
    if (directory == null || !Files.isDirectory(directory) || classDirectory == null) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "templates.directory", directory,
          "an existing directory of .jte templates and a class directory");
    }
    CodeResolver host = new DirectoryCodeResolver(directory);
    CodeResolver builtIn = new ResourceCodeResolver("", Templates.class.getClassLoader());
    CodeResolver chain = new CodeResolver() {
      @Override
      public String resolve(String name) {
        String own = host.exists(name) ? host.resolve(name) : null;
        return own != null ? own : builtIn.resolve(name);
      }

      @Override
      public long getLastModified(String name) {
        return host.exists(name) ? host.getLastModified(name) : 0L;
      }

      @Override
      public boolean exists(String name) {
        return host.exists(name) || builtIn.exists(name);
      }
    };
    return new Templates(TemplateEngine.create(chain, classDirectory, ContentType.Html, Templates.class.getClassLoader(),
        "dev.billwright.render.host"));
  }

  /**
   * Renders a template with one parameter, passed by the name its {@code @param} declares.
   *
   * @param template the template name, such as {@link #GST}
   * @param parameters the parameters by name, not null
   * @return the HTML, never null
   * @throws BillingException with {@link ErrorCode#INVALID_VALUE} if the template is missing,
   *     does not compile or fails while rendering
   */
  public String render(String template, Map<String, Object> parameters) {
    StringOutput out = new StringOutput(16 * 1024);
    try {
      engine.render(template, parameters, out);
    } catch (TemplateException e) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "template", template,
          "a template that renders: " + e.getMessage());
    }
    return out.toString();
  }
}
