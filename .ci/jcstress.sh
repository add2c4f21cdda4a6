#!/usr/bin/env bash
# jcstress tests of the loop's cross-thread protocols (issue 10): builds loop-core-stress (-Pjcstress, with loop-core
# in the same reactor) and runs target/jcstress.jar. Fails (non-zero exit) if any test saw a FORBIDDEN outcome, a
# STALE termination (lost wake-up), an error, or if no test ran at all.
#
#   .ci/jcstress.sh            short mode (CI): jcstress "sanity" preset with short iterations, 1 fork; ~2-3 min on 2 cores
#   .ci/jcstress.sh long       long mode (local): jcstress "default" preset, all the VM configurations it detects
#   .ci/jcstress.sh stress     longer still: jcstress "stress" preset
#   JCSTRESS_TESTS=Fifo .ci/jcstress.sh   only tests whose name matches the regexp
#   JCSTRESS_SKIP_BUILD=1 ...            reuse loop-core-stress/target/jcstress.jar
#
# Reports: loop-core-stress/target/jcstress-<mode>/ (report/index.html, the jcstress console output in output.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

. .ci/select-jdk.sh # we are at the repository root now

mode=${1:-short}
tests=${JCSTRESS_TESTS:-.*}
# Forked VMs: the coroutine engine's export (a few tests run tasks), and quiet JNA (jcstress' affinity support).
fork_flags="--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
case "$mode" in
  short)
    # One VM configuration (-jvmArgs turns off jcstress' VM-flag auto-detection), 1 fork, 2 x 100 ms per test and
    # compilation mode: enough to hit each of today's defects, short enough for CI.
    args=(-m sanity -f 1 -iters 2 -time 100 -jvmArgs "$fork_flags") ;;
  long)
    args=(-m default -jvmArgsPrepend "$fork_flags") ;;
  stress)
    args=(-m stress -jvmArgsPrepend "$fork_flags") ;;
  *)
    echo "usage: $0 [short|long|stress]" >&2; exit 2 ;;
esac
# -af NONE: no CPU pinning. With pinning, jcstress puts the Termination tests' signal on the actor's CPU, so the
# signal never lands in the moment the "Aimed" wake-up tests aim at (the loop between its stop check and its park).

if [ -z "${JCSTRESS_SKIP_BUILD:-}" ]; then
  # -am builds loop-core in the same reactor: without it Maven would take a loop-core SNAPSHOT from ~/.m2.
  mvn -B -q -Pjcstress -pl loop-core-stress -am package -DskipTests -Dmaven.javadoc.skip=true
fi

jar=$PWD/loop-core-stress/target/jcstress.jar
out=loop-core-stress/target/jcstress-$mode
rm -rf "$out" && mkdir -p "$out"
start=$(date +%s)
set +e
# jcstress writes its result blob into the working directory: run it inside the report folder.
(cd "$out" && java --enable-native-access=ALL-UNNAMED -jar "$jar" "${args[@]}" -af NONE -v -t "$tests" -r report \
  > output.txt 2>&1)
rc=$?
set -e
elapsed=$(( $(date +%s) - start ))

log=$out/output.txt
# A summary: each test's verdicts (one per VM configuration and compilation mode), then the forbidden outcomes seen.
echo "Verdicts per test (count, verdict, test):"
grep -E '^\.+ \[[^]]+\] ' "$log" | sed -E 's/^\.+ //' | sort | uniq -c || true
if grep -q 'TEST FAILURES' "$log"; then
  echo "Forbidden outcomes (count of test runs, test, outcome):"
  sed -n '/TEST FAILURES/,/^\s*at /p' "$log" | grep 'Observed' | sed -E 's/ \[[^]]*\]//' | sort | uniq -c | sort -rn
fi
planned=$(grep -oE 'Results: [0-9]+ planned' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
bad=$(grep -E '^\.+ \[[^]]+\] ' "$log" | grep -vcE '^\.+ \[OK\] ' || true)
echo "jcstress $mode mode: exit $rc, $planned test runs planned, $bad not OK, ${elapsed}s; report in $out/report/index.html"
if [ "$rc" -ne 0 ] || [ "$bad" -ne 0 ] || [ "${planned:-0}" -eq 0 ]; then
  echo "jcstress: FAILED (a forbidden outcome, a stale termination, an error, or no test ran); see $log" >&2
  exit 1
fi
echo "jcstress: all tests passed"
