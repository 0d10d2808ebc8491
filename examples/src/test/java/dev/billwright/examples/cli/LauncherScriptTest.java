package dev.billwright.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./billwright} script, run by bash in a copy of the repository's layout with a
 * stand-in {@code mvn} (which prints a line and writes the jar) and {@code java} (which prints
 * its arguments) first on the PATH: the first build says so and shows Maven's output on standard
 * error, never with {@code -q}; a later run does not build; a changed source rebuilds.
 */
class LauncherScriptTest {
  @TempDir
  Path tmp;

  private Path repo;
  private Path bin;

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String[] run(String... args) throws IOException, InterruptedException {
    return runWith(null, null, args);
  }

  private String[] runWith(String variable, String value, String... args) throws IOException, InterruptedException {
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    String[] command = new String[args.length + 2];
    command[0] = "bash";
    command[1] = repo.resolve("billwright").toString();
    System.arraycopy(args, 0, command, 2, args.length);
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    if (variable != null) {
      pb.environment().put(variable, value);
    }
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String[] {String.valueOf(p.exitValue()), Files.readString(out), Files.readString(err),
        Files.exists(tmp.resolve("mvn-args.txt")) ? Files.readString(tmp.resolve("mvn-args.txt")) : ""};
  }

  private static final String WARNINGS_TO_STDERR = "-Xlog:disable -Xlog:all=warning:stderr";

  /** A copy of the script with a stand-in {@code mvn}; {@code java} is the given script. */
  private void layout(String java) throws IOException {
    repo = tmp.resolve("repo");
    bin = tmp.resolve("bin");
    Files.createDirectories(repo.resolve("examples/src/main/java"));
    Files.createDirectories(bin);
    Files.copy(DocCommands.ROOT.resolve("billwright"), repo.resolve("billwright"));
    // the script the build runs after the jar, and the launcher for a jar built some other way
    Files.copy(DocCommands.ROOT.resolve("examples/cds-archive.sh"), repo.resolve("examples/cds-archive.sh"));
    Path source = repo.resolve("examples/src/main/java/A.java");
    Files.writeString(source, "class A {}");
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    Instant old = Instant.now().minusSeconds(3600);
    Files.setLastModifiedTime(source, FileTime.from(old));
    Files.setLastModifiedTime(repo.resolve("pom.xml"), FileTime.from(old));
    executable(bin.resolve("mvn"), "#!/usr/bin/env bash\n"
        + "echo \"$@\" > '" + tmp.resolve("mvn-args.txt") + "'\n"
        + "echo '[INFO] Building billing-examples (stand-in)'\n"
        + "mkdir -p examples/target && echo jar > examples/target/billwright.jar\n");
    executable(bin.resolve("java"), java);
  }

  /**
   * The class-data archive: made once per jar by a training run and a dump (a stand-in java that
   * writes the class list and the archive it is asked for), used while it is newer than the jar,
   * made again when the jar changes, and never in the way: a failed dump is remembered and the
   * command runs without it.
   */
  @Test
  void aClassDataArchiveIsMadeOncePerJarAndUsedWhileCurrent() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")));
    Path calls = tmp.resolve("java-calls.txt");
    layout("#!/usr/bin/env bash\n"
        + "echo \"java $*\" >> '" + calls + "'\n"
        + "for a in \"$@\"; do case \"$a\" in\n"
        + "  -XX:DumpLoadedClassList=*) printf 'A\\n@lambda-proxy A run\\nB\\n' > \"${a#*=}\" ;;\n"
        + "  -XX:SharedClassListFile=*) cp \"${a#*=}\" '" + tmp.resolve("dumped-list.txt") + "' ;;\n"
        + "  -XX:SharedArchiveFile=*) if [ \"$1\" = -Xshare:dump ]; then [ -f '" + tmp.resolve("dump-fails") + "' ] && exit 1; "
        + "echo archive > \"${a#*=}\"; fi ;;\n"
        + "esac; done\n"
        + "[ \"$1\" = -Xshare:dump ] || [ \"$1\" = -Xshare:off ] || echo \"java $*\"\n");
    Path jar = repo.resolve("examples/target/billwright.jar");
    Path archive = repo.resolve("examples/target/billwright.jsa");

    String[] first = run("bill");
    assertThat(first[0]).as(String.join("\n", first)).isEqualTo("0");
    assertThat(first[2]).contains("preparing a class-data archive");
    assertThat(Files.readString(tmp.resolve("dumped-list.txt"))).as("lambda proxies are left out").isEqualTo("A\nB\n");
    assertThat(archive).exists();
    assertThat(first[1]).isEqualTo("java " + WARNINGS_TO_STDERR + " -XX:SharedArchiveFile=" + archive
        + " -Xshare:auto -jar " + jar + " bill\n");

    Files.delete(calls);
    String[] again = run("bill");
    assertThat(again[2]).as("made once").isEmpty();
    assertThat(Files.readAllLines(calls)).hasSize(1);
    assertThat(again[1]).isEqualTo(first[1]);

    // a new jar (rebuilt by Maven outside the script): the archive is made again for it
    olderThanTheJar(archive);
    String[] rebuilt = run("bill");
    assertThat(rebuilt[2]).contains("preparing a class-data archive");
    assertThat(rebuilt[1]).isEqualTo(first[1]);

    // a dump that fails: the command runs without an archive, and the attempt is not repeated for that jar
    Files.writeString(tmp.resolve("dump-fails"), "");
    olderThanTheJar(archive);
    String[] failed = run("bill");
    assertThat(failed[0]).isEqualTo("0");
    assertThat(failed[2]).contains("no class-data archive");
    assertThat(failed[1]).isEqualTo("java " + WARNINGS_TO_STDERR + " -jar " + jar + " bill\n");
    assertThat(archive).doesNotExist();
    Files.delete(calls);
    String[] afterFailure = run("bill");
    assertThat(afterFailure[2]).isEmpty();
    assertThat(Files.readAllLines(calls)).hasSize(1);

    // turned off
    Files.delete(tmp.resolve("dump-fails"));
    olderThanTheJar(archive);
    Files.delete(calls);
    String[] off = runWith("BILLWRIGHT_CDS", "0", "bill");
    assertThat(off[2]).isEmpty();
    assertThat(off[1]).isEqualTo("java " + WARNINGS_TO_STDERR + " -jar " + jar + " bill\n");
    assertThat(Files.readAllLines(calls)).hasSize(1);
    assertThat(Files.list(repo.resolve("examples/target")).map(p -> p.getFileName().toString()))
        .as("no scratch directory left behind").noneMatch(n -> n.startsWith("cds."));
  }

  /**
   * The build makes the archive right after the jar (examples/cds-archive.sh in the package
   * phase): the first run after the build then starts with it and prepares nothing.
   */
  @Test
  void anArchiveMadeByTheBuildIsUsedOnTheFirstRun() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")));
    layout("#!/usr/bin/env bash\n"
        + "for a in \"$@\"; do case \"$a\" in\n"
        + "  -XX:DumpLoadedClassList=*) printf 'A\\n' > \"${a#*=}\" ;;\n"
        + "  -XX:SharedArchiveFile=*) [ \"$1\" = -Xshare:dump ] && echo archive > \"${a#*=}\" ;;\n"
        + "esac; done\n"
        + "[ \"$1\" = -Xshare:dump ] || [ \"$1\" = -Xshare:off ] || echo \"java $*\"\n");
    Path jar = repo.resolve("examples/target/billwright.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    ProcessBuilder build = new ProcessBuilder("bash", repo.resolve("examples/cds-archive.sh").toString(), jar.toString())
        .redirectErrorStream(true);
    build.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = build.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    Path archive = repo.resolve("examples/target/billwright.jsa");
    assertThat(archive).exists();

    String[] first = run("bill");
    assertThat(first[0]).as(String.join("\n", first)).isEqualTo("0");
    assertThat(first[2]).as("nothing prepared after the build").isEmpty();
    assertThat(first[1]).isEqualTo("java " + WARNINGS_TO_STDERR + " -XX:SharedArchiveFile=" + archive
        + " -Xshare:auto -jar " + jar + " bill\n");
  }

  /** As if the jar had been built again after the archive was made. */
  private static void olderThanTheJar(Path archive) throws IOException {
    FileTime before = FileTime.from(Instant.now().minusSeconds(600));
    Path stamp = archive.resolveSibling("billwright.jsa.stamp");
    Files.setLastModifiedTime(stamp, before);
    if (Files.exists(archive)) {
      Files.setLastModifiedTime(archive, before);
    }
  }

  @Test
  void theFirstBuildShowsMavensOutputAndLaterRunsDoNotBuild() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")));
    repo = tmp.resolve("repo");
    bin = tmp.resolve("bin");
    Files.createDirectories(repo.resolve("examples/src/main/java"));
    Files.createDirectories(bin);
    Files.copy(DocCommands.ROOT.resolve("billwright"), repo.resolve("billwright"));
    Path source = repo.resolve("examples/src/main/java/A.java");
    Files.writeString(source, "class A {}");
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    Instant old = Instant.now().minusSeconds(3600);
    Files.setLastModifiedTime(source, FileTime.from(old));
    Files.setLastModifiedTime(repo.resolve("pom.xml"), FileTime.from(old));
    executable(bin.resolve("mvn"), "#!/usr/bin/env bash\n"
        + "echo \"$@\" > '" + tmp.resolve("mvn-args.txt") + "'\n"
        + "echo '[INFO] Building billing-examples (stand-in)'\n"
        + "mkdir -p examples/target && echo jar > examples/target/billwright.jar\n");
    executable(bin.resolve("java"), "#!/usr/bin/env bash\necho \"java $*\"\n");

    String[] first = runWith("BILLWRIGHT_CDS", "0", "bill", "--summary-only");
    assertThat(first[0]).as(String.join("\n", first)).isEqualTo("0");
    assertThat(first[2]).contains("building Billwright (first run, a few minutes",
        "[INFO] Building billing-examples (stand-in)");
    assertThat(first[3]).contains("package").doesNotContain("-q");
    assertThat(first[1]).as("Maven's output goes to standard error, the command's to standard output")
        .isEqualTo("java " + WARNINGS_TO_STDERR + " -jar " + repo.resolve("examples/target/billwright.jar")
            + " bill --summary-only\n");

    Files.delete(tmp.resolve("mvn-args.txt"));
    Files.setLastModifiedTime(repo.resolve("examples/target/billwright.jar"), FileTime.from(Instant.now()));
    String[] again = runWith("BILLWRIGHT_CDS", "0", "--help");
    assertThat(again[2]).as("no build when the jar is newer than the sources").isEmpty();
    assertThat(again[3]).isEmpty();

    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
    String[] changed = runWith("BILLWRIGHT_CDS", "0", "--help");
    assertThat(changed[2]).contains("rebuilding Billwright (sources changed", "[INFO] Building billing-examples");
    assertThat(changed[3]).doesNotContain("-q");
  }
}
