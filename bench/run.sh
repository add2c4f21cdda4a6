#!/usr/bin/env bash
# Measures loopfx beside asyncio on this machine, in one sitting, with the workloads of
# ../shared/bench/asyncio_bench.py, and writes docs/bench-results/<stamp>.json and docs/performance.md.
#
#   bench/run.sh            the full measurement: run it on a quiet machine (about 10 minutes on 2 cores, of
#                           which the FX part about 2; about 1 more with QASYNC_PATH)
#   bench/run.sh --smoke    tiny sizes, one short iteration: proves the pipeline end to end; figures mean nothing
#   bench/run.sh --peers    also the JVM's peers (issue 16), in the same sitting: about 9 minutes more (with
#                           --smoke: under a minute more)
#
# The peers (package io.loopfx.bench.peers and two FX mains): the same workloads a1, b, c1, c3, d and e for the raw
# limit (jdk.internal.vm.Continuation, an ArrayDeque), Netty 4.2's event loop, kotlinx.coroutines and virtual
# threads on one carrier, JMH (same options as loopfx's) and PeerMemoryMain; and on the FX thread, loopfx against
# kotlinx's Dispatchers.JavaFx and Platform.runLater (FxPeerCallSoonMain) and loopfx's timers against kotlinx's
# delay (FxPeerTimerMain), on both FX platforms. The page then shows them side by side with issue 16's targets.
#
# asyncio_bench.py is looked up in ../shared next to the repository root (for a git worktree elsewhere: next
# to its main worktree); LOOPFX_SHARED=/path/to/shared overrides. The Python used is Debian's /usr/bin/python3
# when present (PYTHON=... overrides).
#
# The FX loop's benchmarks (issue 4: io.loopfx.bench.fx, four plain mains, each in a fresh JVM) always run,
# twice: headless on Monocle, and on real GTK under `xvfb-run` (Debian packages xvfb, xauth, libgtk-3-0;
# without xvfb-run the GTK half is skipped and the page says so).
#
# qasync (the Python Qt bridge) is measured with the same asyncio_bench.py only when QASYNC_PATH is set: a
# folder holding the `qasync` package source (qasync is not packaged by Debian; never commit a copy here).
# It needs PyQt5 (`apt-get install -y python3-pyqt5`) and runs under xvfb-run. QASYNC_SOURCE="..." (optional)
# says on the page where that copy came from (e.g. the repository and commit).
peers_option=yes
. "$(dirname "$0")/prelude.sh"

shared=${LOOPFX_SHARED:-}
if [ -z "$shared" ]; then
  for candidate in "$PWD/../shared" "$(dirname "$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || echo /nonexistent/.git)")/../shared"; do
    if [ -f "$candidate/bench/asyncio_bench.py" ]; then shared=$(cd "$candidate" && pwd); break; fi
  done
fi
asyncio_bench=$shared/bench/asyncio_bench.py
[ -f "$asyncio_bench" ] || { echo "asyncio_bench.py not found in ../shared/bench next to the repository; set LOOPFX_SHARED=/path/to/shared" >&2; exit 1; }
python=${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 )}

workloads=a1,a2,a3,b,c1,c2,c3,d,e,f,g1
if [ "$mode" = smoke ]; then
  jmh_opts=(-wi 1 -i 1 -f 1 -w 200ms -r 200ms -p n=2000)
  py_opts=(--runs 1 --n a1=2000,a2=2000,a3=2000,b=2000,c1=2000,c2=2000,c3=2000,d=2000,e=2000,f=100,g1=2000)
  f_opts=(--n 100 --runs 1 --warmup 0)
  e_n=2000; e_runs=1
  qasync_opts=(--runs 1 --n a1=2000,a2=2000,a3=2000,b=2000,c1=2000,c2=2000,c3=2000,d=2000,e=2000,f=100,g1=500)
  fx1_opts=(--n 20000 --runs 1 --warmup 1); fx2_opts=(--n 20000 --runs 1 --warmup 1)
  fx3_opts=(--n 1000 --runs 1 --warmup 0); fx4_opts=(--n 100000 --runs 1 --warmup 0)
  fx5_opts=(--n 100000 --runs 1 --warmup 0)
  fx1_peers_opts=(--n 20000 --runs 1 --warmup 1); fx3_peers_opts=(--n 1000 --runs 1 --warmup 0)
else
  jmh_opts=(-wi 3 -i 5 -f 1 -w 2s -r 2s)
  py_opts=(--runs 5)
  f_opts=(--n 1000 --runs 5 --warmup 2)
  e_n=100000; e_runs=5
  qasync_opts=(--runs 5) # asyncio_bench.py's own sizes for Qt loops (QT_N)
  fx1_opts=(--n 200000 --runs 5 --warmup 2); fx2_opts=(--n 200000 --runs 5 --warmup 2)
  fx3_opts=(--n 1000 --runs 5 --warmup 2); fx4_opts=(--n 1000000 --runs 3 --warmup 1)
  fx5_opts=(--n 1000000 --runs 3 --warmup 1)
  fx1_peers_opts=(--n 200000 --runs 5 --warmup 2); fx3_peers_opts=(--n 1000 --runs 5 --warmup 2)
fi
jflags=(--add-exports java.base/jdk.internal.vm=ALL-UNNAMED)
fx_jflags=("${jflags[@]}" --enable-native-access=ALL-UNNAMED -Dprism.order=sw)
one_carrier=(-Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1)
monocle_flags=(-Dglass.platform=Monocle -Dmonocle.platform=Headless)
xvfb=(xvfb-run -a -s "-screen 0 1280x1024x24 -noreset")
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
raw=target/bench/$stamp
mkdir -p "$raw" docs/bench-results
result=docs/bench-results/$stamp.json
[ "$mode" = smoke ] && result=docs/bench-results/smoke.json # one file, overwritten: smoke figures are not history
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' 2>/dev/null || echo "+local changes")

echo "== build (mvn -Pbench -pl benchmarks -am package -DskipTests)"
mvn -q -Pbench -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar

echo "== asyncio: $python $asyncio_bench"
"$python" "$asyncio_bench" --loop asyncio "${py_opts[@]}" --only "$workloads" --json "$raw/asyncio.json" | tee "$raw/asyncio.log"

echo "== loopfx: JMH ${jmh_opts[*]}"
java "${jflags[@]}" -jar "$jar" "${jmh_opts[@]}" -foe false -rf json -rff "$raw/jmh.json" \
  -e 'io\.loopfx\.bench\.peers\.' 'io\.loopfx\.bench\.' | tee "$raw/jmh.log"

if [ "$peers" = yes ]; then
  echo "== peers: JMH ${jmh_opts[*]} (raw limit, Netty, kotlinx.coroutines, virtual threads on one carrier)"
  java "${jflags[@]}" -jar "$jar" "${jmh_opts[@]}" -foe false -rf json -rff "$raw/peers-jmh.json" \
    'io\.loopfx\.bench\.peers\.' | tee "$raw/peers-jmh.log"
fi

echo "== loopfx: f timers (TimerLatenessMain ${f_opts[*]})"
java "${jflags[@]}" -cp "$jar" io.loopfx.bench.TimerLatenessMain "${f_opts[@]}" --jsonl "$raw/f.jsonl"

echo "== loopfx: e memory (TaskMemoryMain --n $e_n, $e_runs fresh JVMs)"
for _ in $(seq "$e_runs"); do
  java "${jflags[@]}" -cp "$jar" io.loopfx.bench.TaskMemoryMain --n "$e_n" --jsonl "$raw/e.jsonl"
done
if [ "$peers" = yes ]; then
  for peer in raw kotlinx virtual; do
    echo "== peers: e memory of $peer (PeerMemoryMain --n $e_n, $e_runs fresh JVMs)"
    for _ in $(seq "$e_runs"); do
      java "${jflags[@]}" "${one_carrier[@]}" -cp "$jar" io.loopfx.bench.peers.PeerMemoryMain --peer "$peer" \
        --n "$e_n" --jsonl "$raw/peers-e.jsonl" || echo "   e of $peer failed" >&2
    done
  done
fi

# The FX loop (issue 4): each main starts the toolkit, shows a small animated stage and appends one JSON line
# (with an "error" field if it failed, so one failure does not stop the sitting).
fx_mains=(fx1:FxCallSoonMain fx2:FxThreadsafeMain fx3:FxTimerLatenessMain fx4:FxPulseGapMain fx5:FxFloodTimerMain)
if [ "$peers" = yes ]; then fx_mains+=(fx1_peers:FxPeerCallSoonMain fx3_peers:FxPeerTimerMain); fi
run_fx() { # platform name, then the command that starts java with that platform's flags
  local platform=$1; shift
  for m in "${fx_mains[@]}"; do
    local key=${m%%:*} main=${m#*:} opts_var="${m%%:*}_opts[@]"
    echo "== loopfx FX on $platform: $main ${!opts_var}"
    "$@" -cp "$jar" "io.loopfx.bench.fx.$main" "${!opts_var}" --jsonl "$raw/fx-$platform.jsonl" \
      >>"$raw/fx-$platform.log" 2>&1 || echo "   $key failed on $platform: see $raw/fx-$platform.log" >&2
    tail -n 1 "$raw/fx-$platform.jsonl" 2>/dev/null | cut -c1-400
  done
}
run_fx monocle java "${fx_jflags[@]}" "${monocle_flags[@]}"
if command -v xvfb-run >/dev/null; then
  run_fx gtk "${xvfb[@]}" java "${fx_jflags[@]}"
else
  echo "== loopfx FX on gtk: skipped, xvfb-run not found (apt-get install -y xvfb xauth libgtk-3-0)" >&2
fi

if [ -n "${QASYNC_PATH:-}" ]; then
  echo "== qasync: QASYNC_PATH=$QASYNC_PATH xvfb-run $python $asyncio_bench --loop qasync"
  QASYNC_PATH=$QASYNC_PATH "${xvfb[@]}" "$python" "$asyncio_bench" --loop qasync "${qasync_opts[@]}" --only "$workloads" \
    --json "$raw/qasync.json" 2>&1 | tee "$raw/qasync.log" || echo "   qasync failed: see $raw/qasync.log" >&2
else
  echo "== qasync: skipped (set QASYNC_PATH to a folder holding the qasync package to measure it)"
fi

echo "== report"
"$python" bench/report.py --raw "$raw" --out "$result" --md docs/performance.md \
  --mode "$mode" --date "$(date -u '+%Y-%m-%d %H:%M UTC')" --commit "$commit" --loadavg-start "$loadavg_start" \
  --fx-options "fx1 ${fx1_opts[*]}; fx2 ${fx2_opts[*]}; fx3 ${fx3_opts[*]}; fx4 ${fx4_opts[*]}; fx5 ${fx5_opts[*]}" \
  --peers "$peers" --peers-fx-options "fx1 ${fx1_peers_opts[*]}; timers ${fx3_peers_opts[*]}" \
  --qasync-source "${QASYNC_SOURCE:-}" \
  --jdk "$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '{gsub(/^ +/, "", $1)} $1 == "java.vm.vendor" {v=$2} $1 == "java.vm.name" {n=$2} $1 == "java.runtime.version" {r=$2} END {print v ", " n ", " r}')" \
  --jmh-options "${jmh_opts[*]}" --f-options "${f_opts[*]}" --e-runs "$e_runs"
echo "Wrote $result and docs/performance.md (raw logs in $raw)."
