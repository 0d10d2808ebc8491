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
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    String[] command = new String[args.length + 2];
    command[0] = "bash";
    command[1] = repo.resolve("billwright").toString();
    System.arraycopy(args, 0, command, 2, args.length);
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String[] {String.valueOf(p.exitValue()), Files.readString(out), Files.readString(err),
        Files.exists(tmp.resolve("mvn-args.txt")) ? Files.readString(tmp.resolve("mvn-args.txt")) : ""};
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

    String[] first = run("bill", "--summary-only");
    assertThat(first[0]).as(String.join("\n", first)).isEqualTo("0");
    assertThat(first[2]).contains("building Billwright (first run, a few minutes",
        "[INFO] Building billing-examples (stand-in)");
    assertThat(first[3]).contains("package").doesNotContain("-q");
    assertThat(first[1]).as("Maven's output goes to standard error, the command's to standard output")
        .isEqualTo("java -jar " + repo.resolve("examples/target/billwright.jar") + " bill --summary-only\n");

    Files.delete(tmp.resolve("mvn-args.txt"));
    Files.setLastModifiedTime(repo.resolve("examples/target/billwright.jar"), FileTime.from(Instant.now()));
    String[] again = run("--help");
    assertThat(again[2]).as("no build when the jar is newer than the sources").isEmpty();
    assertThat(again[3]).isEmpty();

    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
    String[] changed = run("--help");
    assertThat(changed[2]).contains("rebuilding Billwright (sources changed", "[INFO] Building billing-examples");
    assertThat(changed[3]).doesNotContain("-q");
  }
}
