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

# loop-core and javafx-bridge from this checkout, built in one reactor (never a loop-core snapshot in ~/.m2),
# and the bridge's test class path (the Monocle jar is a test dependency).
mvn -q -pl javafx-bridge -am compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/harness.classpath
cp="javafx-bridge/target/classes:$(cat javafx-bridge/target/harness.classpath)"
main=(--add-exports java.base/jdk.internal.vm=ALL-UNNAMED)

for platform in $platforms; do
  opts=(--repeat "$repeat" --json "$out/$platform.json" --markdown "$out/$platform.md" --require-reproducible)
  case $platform in
    monocle)
      java "${main[@]}" -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
        -cp "$cp" io.loopfx.fx.harness.HarnessMain --platform-name "Monocle (headless)" "${opts[@]}" ;;
    gtk)
      xvfb-run -a -s "-screen 0 1280x1024x24" java "${main[@]}" -Dprism.order=sw \
        -cp "$cp" io.loopfx.fx.harness.HarnessMain --platform-name "GTK 3 (Xvfb)" "${opts[@]}" ;;
    *) echo "unknown platform '$platform' (monocle, gtk)" >&2; exit 2 ;;
  esac
done
