package dev.billwright.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md compiles against this module's test class path (every
 * Billwright artifact, the testkit's in-memory stores included) and runs.
 *
 * <p>The convention the blocks follow: a block starts with its {@code import} lines. A block
 * that declares a top-level class (or record or interface) is a whole compilation unit, compiled
 * as is and, if it has a {@code public static void main(String[])}, run; that is how a block
 * needing a server or credentials (PostgreSQL, Stripe, Razorpay) is written: a class whose
 * methods take those as parameters, compiled but not run. Any other block is the body of a
 * {@code main} method (which may throw any exception) and is run. Each block gets its own package,
 * so names never clash between blocks; a block shares nothing with another.
 *
 * <p>Compile errors are reported with the README line they are on. To change what the blocks
 * may use, change this module's test dependencies. One exception: billing-payments-razorpay is not
 * a dependency of this module (its SDK, razorpay-java, is not always resolvable offline), so a
 * block importing {@code com.razorpay} or {@code dev.billwright.payments.razorpay} is compiled
 * only when those classes are on the test class path, and at most {@value #MAX_WITHOUT_SDK} block
 * may be left out that way.
 */
class ReadmeJavaBlocksTest {
  private static final Path README = Path.of("..", "README.md");
  /** The packages of an SDK this module may lack, and a class that tells whether it is there. */
  private static final List<String> OPTIONAL_PACKAGES = List.of("com.razorpay.", "dev.billwright.payments.razorpay.");
  private static final String OPTIONAL_PROBE = "com.razorpay.RazorpayClient";
  private static final int MAX_WITHOUT_SDK = 1;
  private static final Pattern TYPE = Pattern.compile(
      "^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)", Pattern.MULTILINE);

  /** One {@code ```java} block: its first README line (1-based) and its text. */
  record Block(int index, int firstLine, List<String> lines) {
    String packageName() {
      return "readme.block" + index;
    }
  }

  /** A block turned into a compilation unit. */
  record Unit(Block block, String className, String source, int lineOffset, boolean wrapped) {}

  static List<Block> blocks(List<String> readme) {
    List<Block> blocks = new ArrayList<>();
    List<String> current = null;
    int first = 0;
    for (int i = 0; i < readme.size(); i++) {
      String line = readme.get(i);
      if (current == null && line.strip().equals("```java")) {
        current = new ArrayList<>();
        first = i + 2;
      } else if (current != null && line.strip().equals("```")) {
        blocks.add(new Block(blocks.size() + 1, first, current));
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    assertThat(current).as("README.md ends inside a ```java block").isNull();
    return blocks;
  }

  /**
   * Makes a compilation unit of a block: {@code package readme.blockN;}, the imports, then the
   * block as is (a class) or wrapped in {@code main}. The unit's line L is README line
   * {@code L + lineOffset}.
   */
  static Unit unit(Block b) {
    List<String> imports = new ArrayList<>();
    List<String> body = new ArrayList<>();
    int bodyStart = -1;
    for (int i = 0; i < b.lines().size(); i++) {
      String line = b.lines().get(i);
      if (bodyStart < 0 && (line.startsWith("import ") || line.isBlank())) {
        imports.add(line);
      } else {
        if (bodyStart < 0) {
          bodyStart = i;
        }
        body.add(line);
      }
    }
    String text = String.join("\n", body);
    Matcher type = TYPE.matcher(text);
    StringBuilder src = new StringBuilder("package " + b.packageName() + ";\n");
    imports.forEach(l -> src.append(l).append('\n'));
    // unit lines so far: 1 (package) + imports; the body's first line is README line firstLine + bodyStart
    int headerLines = 1 + imports.size();
    if (type.find()) {
      src.append(text).append('\n');
      return new Unit(b, type.group(1), src.toString(), b.firstLine() + Math.max(bodyStart, 0) - headerLines - 1,
          false);
    }
    String name = "ReadmeBlock" + b.index();
    src.append("public class ").append(name).append(" {\n");
    src.append("  public static void main(String[] args) throws Exception {\n");
    src.append(text).append('\n');
    src.append("  }\n}\n");
    return new Unit(b, name, src.toString(), b.firstLine() + Math.max(bodyStart, 0) - headerLines - 3, true);
  }

  /** The test class path as files, with a surefire manifest-only jar expanded. */
  static List<String> classPath() throws IOException {
    Set<String> out = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      out.add(entry);
      if (entry.toLowerCase(Locale.ROOT).endsWith(".jar") && new File(entry).getName().startsWith("surefirebooter")) {
        try (JarFile jar = new JarFile(entry)) {
          Manifest m = jar.getManifest();
          String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
          if (cp != null) {
            for (String url : cp.trim().split("\\s+")) {
              out.add(Path.of(URI.create(url)).toString());
            }
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  @Test
  void everyJavaBlockCompilesAndRuns(@TempDir Path classes) throws Exception {
    List<String> readme = Files.readAllLines(README, StandardCharsets.UTF_8);
    List<Block> blocks = blocks(readme);
    assertThat(blocks).as("README.md's ```java blocks").hasSizeGreaterThanOrEqualTo(10);
    boolean sdk = isPresent(OPTIONAL_PROBE);
    List<Unit> units = blocks.stream().map(ReadmeJavaBlocksTest::unit)
        .filter(u -> sdk || OPTIONAL_PACKAGES.stream().noneMatch(pkg -> u.source().contains("import " + pkg)))
        .toList();
    assertThat(blocks.size() - units.size()).as("blocks left out for lack of the Razorpay SDK")
        .isLessThanOrEqualTo(MAX_WITHOUT_SDK);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK's compiler").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<JavaFileObject> sources = new ArrayList<>();
    for (Unit u : units) {
      String path = u.block().packageName().replace('.', '/') + "/" + u.className() + ".java";
      sources.add(new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return u.source();
        }
      });
    }
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-classpath", String.join(File.pathSeparator, classPath()),
          "-d", classes.toString(), "--release", "17", "-Xlint:deprecation", "-proc:none");
      boolean ok = javac.getTask(null, files, diagnostics, options, null, sources).call();
      List<String> problems = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING
            || d.getKind() == Diagnostic.Kind.WARNING) {
          Unit u = units.stream().filter(x -> d.getSource() != null
              && d.getSource().toUri().getPath().endsWith("/" + x.className() + ".java")
              && d.getSource().toUri().getPath().contains(x.block().packageName().replace('.', '/'))).findFirst()
              .orElse(null);
          String where = u == null ? "?" : "README.md line " + (d.getLineNumber() + u.lineOffset()) + " (block "
              + u.block().index() + ")";
          problems.add(where + ": " + d.getKind() + ": " + d.getMessage(Locale.ROOT));
        }
      }
      assertThat(problems).as("compiling README.md's Java blocks").isEmpty();
      assertThat(ok).isTrue();
    }

    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        ReadmeJavaBlocksTest.class.getClassLoader())) {
      int ran = 0;
      for (Unit u : units) {
        Class<?> type = loader.loadClass(u.block().packageName() + "." + u.className());
        Method main;
        try {
          main = type.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
          assertThat(u.wrapped()).isFalse();
          continue;   // a class block without main: compiled only (needs a server or credentials)
        }
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
        String out = run(main, u);
        ran++;
        if (u.source().contains("InvoiceJson.write(november)")) {
          // the quickstart prints November's invoice: 60.00 of usage and the 49.00 fee
          assertThat(out).contains("\"total\" : \"109.00\"").contains("\"number\" : \"INV-000002\"");
        }
        if (u.source().contains("InvoiceKind.PROGRESSIVE")) {
          // the paused subscription's threshold invoice: 110 units reached at the second event
          assertThat(out).startsWith("2026-04-08T12:30:00Z ").contains("110.00");
        }
      }
      assertThat(ran).as("blocks run").isGreaterThanOrEqualTo(8);
    }
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, ReadmeJavaBlocksTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String run(Method main, Unit u) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      main.invoke(null, (Object) new String[0]);
    } catch (InvocationTargetException e) {
      throw new AssertionError("README.md block " + u.block().index() + " (line " + u.block().firstLine()
          + ") threw " + e.getCause(), e.getCause());
    } finally {
      System.setOut(saved);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
