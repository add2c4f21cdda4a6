#!/usr/bin/env bash
# asyncio's ProcessPoolExecutor beside loopfx's (issue 13), in one sitting; rewrites the "Work in another
# process" section of docs/performance.md and writes docs/bench-results/process-pool-<stamp>.json.
#
#   bench/process_pool.sh           5 runs of each workload (about two minutes on 2 cores)
#   bench/process_pool.sh --smoke   tiny sizes, one run: proves the pipeline; figures mean nothing
#
# asyncio_bench.py (whose timing helpers bench/process_pool.py imports) is looked up as bench/run.sh does;
# LOOPFX_SHARED=/path/to/shared overrides. PYTHON=... overrides Debian's /usr/bin/python3.
. "$(dirname "$0")/prelude.sh"
if [ "$mode" = smoke ]; then
  py_opts=(--runs 1 --n p1=100,p2=100); java_opts=(--runs 1 --warmup 0 --p1 100 --p2 100); warmup=0
else
  py_opts=(--runs 5); java_opts=(--runs 5 --warmup 1); warmup=1
fi
python=${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 )}
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
raw=target/bench/process-pool-$stamp
mkdir -p "$raw" docs/bench-results
result=docs/bench-results/process-pool-$stamp.json
[ "$mode" = smoke ] && result=docs/bench-results/process-pool-smoke.json
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' 2>/dev/null || echo "+local changes")

echo "== build (mvn -Pbench -pl benchmarks -am package -DskipTests)"
mvn -q -Pbench -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar

echo "== asyncio: $python bench/process_pool.py ${py_opts[*]}"
"$python" bench/process_pool.py "${py_opts[@]}" --json "$raw/asyncio.json"

echo "== loopfx: ProcessPoolMain ${java_opts[*]}"
java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$jar" io.loopfx.bench.ProcessPoolMain "${java_opts[@]}" --jsonl "$raw/loopfx.jsonl"

echo "== report"
"$python" bench/process_pool_report.py --asyncio "$raw/asyncio.json" --loopfx "$raw/loopfx.jsonl" --out "$result" \
  --md docs/performance.md --mode "$mode" --warmup "$warmup" --commit "$commit" \
  --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  --jdk "$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '{gsub(/^ +/, "", $1)} $1 == "java.runtime.version" {print "JDK " $2}')"
echo "Wrote $result and the process-pool section of docs/performance.md (raw results in $raw)."
