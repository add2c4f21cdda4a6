#!/usr/bin/env bash
# The public API check: regenerates the API signatures of the library modules (loop-core, javafx-bridge) from
# their jars with .ci/ApiSignatures.java and compares them with the committed api/<module>.txt, so that an API
# change is a visible diff in review. demo-app is an application, not a library: it has no signature file.
#
#   .ci/api-check.sh               builds the jars (mvn -DskipTests package), then compares
#   .ci/api-check.sh --no-build    reuses the jars of an earlier `mvn verify` or `mvn package` (as .ci/run does)
#   .ci/api-check.sh --update      rewrites api/*.txt from the jars instead of comparing (combine with --no-build)
#
# The fresh signatures go to target/api/. Exits 1 if they differ from api/*.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
update=0
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    --update) update=1 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "api-check: unknown option '$arg' (--no-build, --update)" >&2; exit 2 ;;
  esac
done

. .ci/select-jdk.sh

modules=(loop-core javafx-bridge) # demo-app: an application, not API

# Each module's compile class path without the loopfx modules (JavaFX for javafx-bridge), written by Maven to
# <module>/target/api.classpath. Maven 3.8 resolves loop-core (and its test-jar, a test dependency of javafx-bridge)
# from this reactor only if the reactor packages it in the same run, hence `package` even with --no-build: after
# `mvn verify` it finds the jars up to date.
mvn -q -B -DskipTests -Dmaven.javadoc.skip=true -pl "$(IFS=,; echo "${modules[*]}")" -am package \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -DincludeScope=compile -DexcludeGroupIds=io.loopfx -Dmdep.outputFile=target/api.classpath

module_jar() { # the main jar of module $1 (not -tests, -sources or -javadoc)
  local jars=()
  for j in "$1"/target/"$1"-*.jar; do
    case $j in *-tests.jar|*-sources.jar|*-javadoc.jar) continue ;; esac
    [ -f "$j" ] && jars+=("$j")
  done
  if [ ${#jars[@]} -ne 1 ]; then
    echo "api-check: expected one jar $1/target/$1-<version>.jar, found ${#jars[@]}${jars[*]:+: ${jars[*]}}." >&2
    echo "Build it first (mvn -DskipTests package) or run .ci/api-check.sh without --no-build." >&2
    exit 1
  fi
  echo "${jars[0]}"
}

declare -A jar
loopfx_jars=""
for m in "${modules[@]}"; do
  jar[$m]=$(module_jar "$m")
  loopfx_jars+="${jar[$m]}:"
done

mkdir -p target/api
changed=()
for m in "${modules[@]}"; do
  deps=""
  [ ! -f "$m/target/api.classpath" ] || deps=$(cat "$m/target/api.classpath")
  java .ci/ApiSignatures.java --jar "${jar[$m]}" --module-path "$loopfx_jars$deps" --out "target/api/$m.txt"
  if [ "$update" = 1 ]; then
    mkdir -p api
    if cmp -s "target/api/$m.txt" "api/$m.txt"; then
      echo "api/$m.txt: unchanged"
    else
      cp "target/api/$m.txt" "api/$m.txt"
      echo "api/$m.txt: updated"
    fi
  elif [ ! -f "api/$m.txt" ]; then
    echo "api/$m.txt is missing (new module?)" >&2
    changed+=("$m")
  elif ! diff -u --label "api/$m.txt (committed)" --label "target/api/$m.txt (this build)" \
      "api/$m.txt" "target/api/$m.txt"; then
    changed+=("$m")
  fi
done

if [ ${#changed[@]} -gt 0 ]; then
  echo >&2
  echo "The public API changed (${changed[*]}): review the diff above; if intended, run .ci/api-check.sh --update and commit api/." >&2
  exit 1
fi
[ "$update" = 1 ] || echo "Public API unchanged (${modules[*]})."
