# Sourced by the bench scripts (bench/run.sh, bench/process_pool.sh) with their arguments: strict mode, the
# repository root as working directory, a JDK 21+ (.ci/select-jdk.sh), mode=full or mode=smoke (--smoke), and
# peers=yes or peers=no (--peers, only for a script that set peers_option=yes before sourcing this).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/select-jdk.sh

mode=full
peers=no
for arg in "$@"; do
  case "$arg" in
    --smoke) mode=smoke ;;
    --peers) [ "${peers_option:-no}" = yes ] || { echo "usage: $0 [--smoke]" >&2; exit 2; }; peers=yes ;;
    *) echo "usage: $0 [--smoke]$([ "${peers_option:-no}" = yes ] && echo ' [--peers]')" >&2; exit 2 ;;
  esac
done
