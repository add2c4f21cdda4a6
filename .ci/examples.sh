#!/usr/bin/env bash
# The examples (examples/*/): each is a Maven project of its own, as a user's would be, that depends on the
# installed loopfx artifacts. This script
#   1. installs loop-core and javafx-bridge of this checkout into a throwaway local repository,
#      target/examples-repo (never ~/.m2);
#   2. builds each example there with `mvn verify` (its tests run headless on Monocle);
#   3. runs each example with --smoke (click the button from a task, wait for the answer, print it, exit) on GTK
#      under Xvfb, twice: `mvn javafx:run` (the pom's <options>) and `java -jar` (the jar's manifest). A run fails
#      if it prints no answer, or anything but the answer (a warning, loopfx's INFO about the toolkit's exit), apart
#      from the one warning JavaFX always prints on the class path (java -jar): "Unsupported JavaFX configuration".
#
# What Maven needs besides loopfx comes from ~/.m2/repository when it is there (read as a file:// repository, release
# versions only, nothing written to it), else from Maven Central. So after `mvn verify` this runs without network.
#
#   .ci/examples.sh                 all of it (needs xvfb-run)
#   EXAMPLES_SMOKE=0 .ci/examples.sh   steps 1 and 2 only
#   .ci/examples.sh --no-install    reuse the artifacts step 1 installed earlier
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

install=1
for arg in "$@"; do
  case $arg in
    --no-install) install=0 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "examples: unknown option '$arg' (--no-install)" >&2; exit 2 ;;
  esac
done
smoke=${EXAMPLES_SMOKE:-1}
if [ "$smoke" = 1 ] && ! command -v xvfb-run >/dev/null; then
  echo "examples: xvfb-run not found; install xvfb and xauth, or run with EXAMPLES_SMOKE=0 (no smoke runs)." >&2
  exit 1
fi

. .ci/select-jdk.sh
java_major=$(java_major "$JAVA_HOME/bin/java")
start=$(date +%s)

repo=$root/target/examples-repo
settings=$root/target/examples-settings.xml
cache=${M2_CACHE:-$HOME/.m2/repository}
mkdir -p "$repo"
{
  echo '<settings><profiles><profile><id>m2-cache</id>'
  for kind in repository pluginRepository; do
    [ $kind = repository ] && echo '<repositories>' || echo '<pluginRepositories>'
    echo "<$kind><id>m2-cache</id><url>file://$cache</url>"
    echo "<snapshots><enabled>false</enabled></snapshots><releases><checksumPolicy>ignore</checksumPolicy></releases></$kind>"
    [ $kind = repository ] && echo '</repositories>' || echo '</pluginRepositories>'
  done
  echo '</profile></profiles><activeProfiles><activeProfile>m2-cache</activeProfile></activeProfiles></settings>'
} > "$settings"
mvn_ex=(mvn -B -q -Dstyle.color=never -s "$settings" -Dmaven.repo.local="$repo")
# Maven 3.8's own libraries use sun.misc.Unsafe too: on JDK 24+ let them, as a user would, so that its warning does
# not hide among the example's output.
[ "$java_major" -ge 24 ] && export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

# The version the examples must depend on: this checkout's.
version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)

# docs/your-first-app.md shows HelloApp.java whole (its first ```java no-run block, without the package line).
page=docs/your-first-app.md
shown=examples/hello-fx/src/main/java/com/example/hellofx/HelloApp.java
if ! diff <(awk '/^```java no-run$/ {f = 1; next} f && /^```$/ {exit} f' "$page") \
          <(grep -v '^package ' "$shown" | sed '1{/^$/d}') > target/examples-page.diff; then
  echo "examples: $page shows another HelloApp than $shown; make them the same:" >&2
  cat target/examples-page.diff >&2
  exit 1
fi

if [ "$install" = 1 ]; then
  echo "== install loop-core and javafx-bridge $version into $repo"
  "${mvn_ex[@]}" -DskipTests -Dmaven.javadoc.skip=true -pl loop-core,javafx-bridge -am install
fi

# Output of a smoke run that is not expected: everything but the answer, JavaFX's class-path warning (two lines) and
# empty lines.
unexpected() {
  grep -v -e '^ *$' \
      -e '^smoke: There are [0-9]* primes below [0-9]*\.$' \
      -e 'com.sun.javafx.application.PlatformImpl startup$' \
      -e '^WARNING: Unsupported JavaFX configuration: classes were loaded from ' "$1" || true
}

check_run() { # $1: what ran, $2: its output file, $3: its exit code
  local extra
  sed -i 's/\x1b\[[0-9;]*m//g' "$2" # Maven's colour resets, even in batch mode
  extra=$(unexpected "$2")
  if [ "$3" != 0 ] || ! grep -q '^smoke: There are' "$2" || [ -n "$extra" ]; then
    echo "examples: $1 failed (exit $3). Its output:" >&2
    cat "$2" >&2
    exit 1
  fi
  grep '^smoke:' "$2" | sed "s/^/   $1: /"
}

xvfb=(xvfb-run -a -s "-screen 0 1280x1024x24 -noreset")
jar_options=() # what a user adds to `java -jar` on JDK 24+: the manifest cannot carry it
[ "$java_major" -ge 24 ] && jar_options+=(--sun-misc-unsafe-memory-access=allow)

for ex in examples/*/; do
  ex=${ex%/}
  declared=$(sed -n 's:.*<loopfx.version>\(.*\)</loopfx.version>.*:\1:p' "$ex/pom.xml")
  if [ "$declared" != "$version" ]; then
    echo "examples: $ex/pom.xml depends on loopfx $declared, but this checkout is $version: update <loopfx.version>." >&2
    exit 1
  fi
  echo "== $ex: mvn verify (tests headless on Monocle)"
  (cd "$ex" && "${mvn_ex[@]}" verify)
  [ "$smoke" = 1 ] || continue
  jar=$(cd "$ex" && ls target/*.jar)
  out=$root/target/examples-$(basename "$ex")
  echo "== $ex: --smoke on GTK under Xvfb, with mvn javafx:run and with java -jar $jar"
  code=0
  (cd "$ex" && "${xvfb[@]}" "${mvn_ex[@]}" javafx:run -Djavafx.args=--smoke) > "$out-javafx-run.txt" 2>&1 || code=$?
  check_run "mvn javafx:run" "$out-javafx-run.txt" "$code"
  code=0
  (cd "$ex" && "${xvfb[@]}" java "${jar_options[@]}" -jar "$jar" --smoke) > "$out-java-jar.txt" 2>&1 || code=$?
  check_run "java -jar" "$out-java-jar.txt" "$code"
done
echo "examples: all passed in $(( $(date +%s) - start )) s"
