#!/usr/bin/env bash
# What the Flight Recorder events and the task dump's bookkeeping cost while no recording runs: the JMH
# benchmarks of the hot paths (a3 callSoon chain, c1 future ping-pong, d task creation) on this tree and on a
# base commit (default: the commit before the events came, BASE=<ref> overrides), alternated, twice each.
# The base is built in a temporary git worktree under target/. Prints JMH's lines; docs/performance.md
# ("Flight Recorder off") holds the figures of the last run.
#
#   bench/jfr_off.sh                 BASE=main bench/jfr_off.sh
. "$(dirname "$0")/prelude.sh"

base=${BASE:-main}
jmh_opts=(-wi 3 -i 5 -f 1 -w 1s -r 1s)
[ "$mode" = smoke ] && jmh_opts=(-wi 1 -i 1 -f 1 -w 200ms -r 200ms -p n=2000)
pattern='io\.loopfx\.bench\.(CallSoonBench\.a3|TaskSwitchBench\.c1|TaskCreationBench)'
base_tree=target/jfr-off-base
rm -rf "$base_tree"; git worktree prune
git worktree add --detach "$base_tree" "$base" >/dev/null
trap 'git worktree remove --force "$base_tree"' EXIT

echo "== build: this tree and $base ($(git -C "$base_tree" rev-parse --short HEAD))"
mvn -q -Pbench -pl benchmarks -am package -DskipTests
(cd "$base_tree" && mvn -q -Pbench -pl benchmarks -am package -DskipTests)

for round in 1 2; do
  for tree in "$base_tree" .; do
    echo "== $( [ "$tree" = . ] && echo "this tree" || echo "base $base") round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
    java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -jar "$tree/benchmarks/target/benchmarks.jar" \
      "${jmh_opts[@]}" -foe false "$pattern" 2>&1 | grep -E '^[A-Za-z]+Bench\.'
  done
done
