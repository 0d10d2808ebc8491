#!/usr/bin/env bash
# Makes the class-data-sharing archive (AppCDS) of the billwright jar: examples/target/billwright.jsa
# beside examples/target/billwright.jar, and a stamp (billwright.jsa.stamp) naming the java that made it
# and whether it worked. The Maven build runs this right after the jar is made (package phase, skipped
# with -Dbillwright.cds.skip=true); the billwright script runs it only when the stamp is missing or older
# than the jar (a jar built some other way) or names another java.
#
# How: a training run (`bill --events 20000` into a scratch directory) lists the classes it loads, and
# `java -Xshare:dump` maps them into the archive, which later runs share instead of loading and
# verifying each class again. Lambda proxies are left out of the list (the JDK 17 dump crashes on
# some). A failure is recorded in the stamp and never fails the build: without an archive the command
# runs the same, only slower. BILLWRIGHT_CDS=0 skips it.
# Usage: cds-archive.sh JAR
set -uo pipefail
jar="$1"
target="$(cd "$(dirname "$jar")" && pwd)"
cds="$target/billwright.jsa"
stamp="$cds.stamp"
[ "${BILLWRIGHT_CDS:-1}" = 0 ] && exit 0
javabin="$(command -v java)" || exit 0
javabin="$(readlink -f "$javabin" 2>/dev/null || echo "$javabin")"
rm -f "$cds" "$stamp" 2>/dev/null || true
work="$(mktemp -d "$target/cds.XXXXXX" 2>/dev/null)" || exit 0
# a JVM that crashes here writes its report into the scratch directory, not the working directory
crash=(-XX:ErrorFile="$work/hs_err_%p.log" -XX:-CreateCoredumpOnCrash)
if java "${crash[@]}" -Xshare:off -XX:DumpLoadedClassList="$work/classes.lst" -jar "$jar" bill --events 20000 --summary-only \
      --out "$work/out" >/dev/null 2>&1 \
   && grep -v '^@lambda-proxy' "$work/classes.lst" > "$work/classes-without-lambdas.lst" \
   && java -Xshare:dump "${crash[@]}" -XX:SharedClassListFile="$work/classes-without-lambdas.lst" \
      -XX:SharedArchiveFile="$work/billwright.jsa" -cp "$jar" >/dev/null 2>&1 \
   && [ -s "$work/billwright.jsa" ] && mv -f "$work/billwright.jsa" "$cds"; then
  printf '%s\nok\n' "$javabin" > "$stamp" 2>/dev/null || true
else
  echo "billwright: no class-data archive (the JVM could not make one); the command runs without it" >&2
  printf '%s\nfailed\n' "$javabin" > "$stamp" 2>/dev/null || true
fi
rm -rf "$work"
exit 0
