# Sourced by .ci/run and bench/run.sh: exports JAVA_HOME (and PATH) for a JDK 21+, picking one under
# /usr/lib/jvm when JAVA_HOME or the default `java` is older. Exits with a message if there is none.

java_major() { # prints the feature version of the java binary $1 (0 if unusable)
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; f=1} END {if (!f) print 0}' | cut -d. -f1
}
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 21 ]; then
  if command -v java >/dev/null && [ "$(java_major "$(command -v java)")" -ge 21 ]; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  else
    JAVA_HOME=""
    for j in /usr/lib/jvm/*/; do
      [ -x "$j/bin/java" ] && [ -x "$j/bin/javac" ] || continue
      v=$(java_major "$j/bin/java")
      if [ "$v" -ge 21 ] && { [ -z "$JAVA_HOME" ] || [ "$v" -gt "$(java_major "$JAVA_HOME/bin/java")" ]; }; then
        JAVA_HOME=${j%/}
      fi
    done
    [ -n "$JAVA_HOME" ] || { echo "No JDK 21+ found under /usr/lib/jvm; install one (e.g. apt-get install openjdk-21-jdk)." >&2; exit 1; }
  fi
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
echo "Using JDK at $JAVA_HOME ($(java_major "$JAVA_HOME/bin/java"))"
