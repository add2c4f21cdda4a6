# Sourced by the bench scripts (bench/run.sh, bench/process_pool.sh) with their arguments: strict mode, the
# repository root as working directory, a JDK 21+ (.ci/select-jdk.sh), and mode=full or mode=smoke (--smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/select-jdk.sh

mode=full
case "${1:-}" in
  --smoke) mode=smoke ;;
  "") ;;
  *) echo "usage: $0 [--smoke]" >&2; exit 2 ;;
esac
