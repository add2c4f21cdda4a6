#!/usr/bin/env bash
# Runs .ci/run again and again on fresh clones of one commit, the way CI does, to find flaky tests (issue 12's
# "ten consecutive CI runs green"; docs/reliability.md says what the checks found).
#
#   .ci/repeat.sh [COMMIT] [RUNS] [NAME]      defaults: HEAD, 10, "run"
#
# Each run clones this repository into $REPEAT_DIR/<NAME>-<i>/main (default REPEAT_DIR: /tmp/loopfx-repeat), checks
# out COMMIT, links ../shared beside it (the shared folder next to this repository) and runs `CI=true bash .ci/run`.
# One line per run goes to $REPEAT_DIR/summary.txt (exit code, seconds, start time); the log of each run is
# <NAME>-<i>.log, and the clone of a failed run is kept. Two streams side by side (different NAMEs, each started
# with `setsid` so that stopping one does not stop the other) load the 2 cores about as a busy CI machine does;
# one alone takes about 15 minutes a run. Exits non-zero after the runs if any failed.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$repo" rev-parse "${1:-HEAD}") || exit 2
runs=${2:-10}
name=${3:-run}
dir=${REPEAT_DIR:-/tmp/loopfx-repeat}
shared=$(cd "$(dirname "$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir)")/../shared" 2>/dev/null && pwd) \
  || { echo "no ../shared beside the repository" >&2; exit 2; }
mkdir -p "$dir"
failed=0
for i in $(seq 1 "$runs"); do
  run=$dir/$name-$i
  rm -rf "$run"; mkdir -p "$run"
  git clone -q "$repo" "$run/main" && git -C "$run/main" checkout -q "$commit" || exit 2
  ln -s "$shared" "$run/shared"
  start=$(date +%s)
  (cd "$run/main" && CI=true bash .ci/run > "$run.log" 2>&1); rc=$?
  echo "$name run $i commit ${commit:0:7} exit $rc seconds $(( $(date +%s) - start )) started $(date -u -d "@$start" +%FT%TZ)" \
    | tee -a "$dir/summary.txt"
  if [ $rc -eq 0 ]; then rm -rf "$run"; else failed=$((failed + 1)); fi
done
[ $failed -eq 0 ]
