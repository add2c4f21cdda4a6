#!/usr/bin/env bash
# What loopfx's Flight Recorder events cost while no recording runs: the JMH benchmarks of the hot paths (a3
# callSoon chain, c1 future ping-pong, d task creation) on this tree, where the events are compiled in and every
# iteration, run and task creation/end reads the flag LoopEvents.on, against the same tree with the events
# compiled out (LoopEvents.on made the constant false, so javac drops every recording branch). Alternated,
# twice each. BASE=<ref> compares with that commit instead (as the first measurement did, against the commit
# before the events came; that also measures every other change since). The other side is built in a temporary
# git worktree under target/ (this tree's uncommitted changes to tracked files are applied to it). Prints JMH's
# lines; docs/performance.md ("Flight Recorder off") holds the figures of the last run.
#
#   bench/jfr_off.sh             about 2 minutes of benchmarks, after two builds
#   bench/jfr_off.sh --smoke     one short iteration each: proves the script, the figures mean nothing
#   BASE=<ref> bench/jfr_off.sh
. "$(dirname "$0")/prelude.sh"

base=${BASE:-}
jmh_opts=(-wi 3 -i 5 -f 1 -w 1s -r 1s)
[ "$mode" = smoke ] && jmh_opts=(-wi 1 -i 1 -f 1 -w 200ms -r 200ms -p n=2000)
pattern='io\.loopfx\.bench\.(CallSoonBench\.a3|TaskSwitchBench\.c1|TaskCreationBench)'
other=target/jfr-off-base
rm -rf "$other"; git worktree prune
trap 'git worktree remove --force "$other"' EXIT

if [ -z "$base" ]; then
  label="events compiled out"
  git worktree add --detach "$other" HEAD >/dev/null
  git diff HEAD --binary | git -C "$other" apply --allow-empty
  if [ -n "$(git ls-files --others --exclude-standard -- loop-core javafx-bridge benchmarks)" ]; then
    echo "jfr_off: untracked files in loop-core, javafx-bridge or benchmarks are not copied to the other side" >&2
  fi
  events=$other/loop-core/src/main/java/io/loopfx/core/internal/LoopEvents.java
  perl -0pi -e 's/^(\s+)on = false;/$1\/\/ on is a constant here;/m; s/^(\s+)on = any;/$1if (any) return;/m;
                s/public static volatile boolean on;/public static final boolean on = false;/' "$events"
  grep -q 'public static final boolean on = false;' "$events" \
    || { echo "jfr_off: could not compile the events out of $events (did LoopEvents.on change?)" >&2; exit 1; }
else
  label="base $base"
  git worktree add --detach "$other" "$base" >/dev/null
fi

echo "== build: this tree and $label ($(git -C "$other" rev-parse --short HEAD))"
mvn -q -Pbench -pl benchmarks -am package -DskipTests
(cd "$other" && mvn -q -Pbench -pl benchmarks -am package -DskipTests)

for round in 1 2; do
  for tree in "$other" .; do
    echo "== $( [ "$tree" = . ] && echo "this tree (events compiled in, no recording)" || echo "$label") round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
    java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -jar "$tree/benchmarks/target/benchmarks.jar" \
      "${jmh_opts[@]}" -foe false "$pattern" 2>&1 | grep -E '^[A-Za-z]+Bench\.'
  done
done
