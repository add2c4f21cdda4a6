#!/usr/bin/env bash
# Records a short program on the FX loop (io.loopfx.bench.fx.JfrTourMain: a blocking callback, a late timer,
# tasks that end, fail and are cancelled, a held-up nested runUntilComplete) with Flight Recorder, headless on
# Monocle, and prints what docs/debugging.md shows: `jfr summary` (its loopfx lines) and `jfr print` of the
# loopfx events. The recording stays in target/jfr-tour/tour.jfr, for JDK Mission Control or more `jfr print`.
#
#   bench/jfr_tour.sh
. "$(dirname "$0")/prelude.sh"

out=target/jfr-tour
mkdir -p "$out"
rm -f "$out/tour.jfr"
mvn -q -Pbench -pl benchmarks -am package -DskipTests
java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
  -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw \
  "-XX:StartFlightRecording=filename=$out/tour.jfr,+loopfx.TaskLifecycle#enabled=true" \
  -cp benchmarks/target/benchmarks.jar io.loopfx.bench.fx.JfrTourMain

echo "\$ jfr summary $out/tour.jfr   # the header and the loopfx lines"
jfr summary "$out/tour.jfr" | awk 'head { print } /=====/ { head = 0 } /loopfx/ && !head { print }' head=1
for events in loopfx.SlowCallback,loopfx.TimerLateness loopfx.Run,loopfx.NestedHoldUp loopfx.TaskLifecycle loopfx.Iteration; do
  echo
  echo "\$ jfr print --events $events $out/tour.jfr"
  jfr print --events "$events" "$out/tour.jfr"
done
