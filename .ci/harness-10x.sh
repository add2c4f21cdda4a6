#!/usr/bin/env bash
# The nested-loop harness (docs/nested-loops.md): runs the whole catalogue ten times in a row on Monocle and ten
# times on GTK under Xvfb. HarnessMain exits non-zero if a loopfx outcome is not the expected one, and with
# --require-reproducible also if any outcome (naive bridge included) differs between the runs.
# Env: HARNESS_REPEAT (default 10), HARNESS_OUT (default target/harness: the JSON and Markdown of both runs),
# HARNESS_PLATFORMS (default "monocle gtk").
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/select-jdk.sh

repeat=${HARNESS_REPEAT:-10}
out=${HARNESS_OUT:-target/harness}
platforms=${HARNESS_PLATFORMS:-monocle gtk}
mkdir -p "$out"

# The harness, javafx-bridge and loop-core from this checkout, built in one reactor (never a snapshot in ~/.m2),
# and the harness's test class path (the Monocle jar is a test dependency). test-compile, not compile: the
# harness's test scope holds javafx-bridge's test-jar, which the reactor only resolves once it is compiled; the
# class path leaves it out (it is the tests' error guard, not something HarnessMain uses).
mvn -q -pl harness -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -DincludeScope=test -DexcludeClassifiers=tests -Dmdep.outputFile=target/harness.classpath
cp="harness/target/classes:$(cat harness/target/harness.classpath)"
main=(--add-exports java.base/jdk.internal.vm=ALL-UNNAMED)

for platform in $platforms; do
  opts=(--repeat "$repeat" --json "$out/$platform.json" --markdown "$out/$platform.md" --require-reproducible)
  case $platform in
    monocle)
      java "${main[@]}" -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
        -cp "$cp" io.loopfx.harness.HarnessMain --platform-name "Monocle (headless)" "${opts[@]}" ;;
    gtk)
      xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" java "${main[@]}" -Dprism.order=sw \
        -cp "$cp" io.loopfx.harness.HarnessMain --platform-name "GTK 3 (Xvfb)" "${opts[@]}" ;;
    *) echo "unknown platform '$platform' (monocle, gtk)" >&2; exit 2 ;;
  esac
done
