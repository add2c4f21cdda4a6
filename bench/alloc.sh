#!/usr/bin/env bash
# Allocation profile (issue 16): bytes allocated per item (per callSoon, await round trip, sleep, task, executor
# call) of the JMH workloads, from JMH's `-prof gc` (gc.alloc.rate.norm over the workload's n). Allocation does not
# depend on the machine's load, so unlike bench/run.sh this may run beside other work.
#
#   bench/alloc.sh                         builds this checkout's benchmark jar and profiles it
#   bench/alloc.sh LABEL=JAR [LABEL=JAR ...]  profiles the given benchmark jars (e.g. two commits' builds, each
#                                            `mvn -Pbench -pl benchmarks -am package -DskipTests`), in one sitting
#
# Writes target/alloc/LABEL.json per jar and prints the table (bench/alloc_report.py), which docs/performance.md's
# "Allocation profile" section shows.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/select-jdk.sh

benchmarks='CallSoonBench.a1CallSoonAll|TaskSwitchBench.c|SleepBench.c4|TaskCreationBench|ExecutorBench.g1|PeerTaskSwitchBench|PeerTaskCreationBench'
jars=("$@")
if [ ${#jars[@]} -eq 0 ]; then
  mvn -q -Pbench -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true
  jars=("$(git rev-parse --short HEAD)=benchmarks/target/benchmarks.jar")
fi
mkdir -p target/alloc
files=()
for spec in "${jars[@]}"; do
  label=${spec%%=*}; jar=${spec#*=}
  [ -f "$jar" ] || { echo "no such jar: $jar" >&2; exit 2; }
  echo "== $label: $jar"
  java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -jar "$jar" -wi 2 -i 3 -f 1 -w 1s -r 1s -prof gc \
    -rf json -rff "target/alloc/$label.json" "$benchmarks" > "target/alloc/$label.log" 2>&1
  files+=("target/alloc/$label.json")
done
python3 bench/alloc_report.py "${files[@]}"
