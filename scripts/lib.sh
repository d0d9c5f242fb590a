# Shared by the scripts in this folder: finds a JDK that can run Keycloak and build the project.
# Sourced, not executed.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MIN_JAVA=21

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

# Uses JAVA_HOME if it is a JDK >= 21, else the newest JDK >= 21 under /usr/lib/jvm; exports JAVA_HOME.
find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge "$MIN_JAVA" ] 2>/dev/null; then
    export JAVA_HOME
    quiet_maven_on_new_jdks
    return 0
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge "$MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "error: Keycloak needs a JDK $MIN_JAVA or newer; none found (JAVA_HOME=${JAVA_HOME:-unset}, nothing in /usr/lib/jvm). Install one or set JAVA_HOME." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
  quiet_maven_on_new_jdks
}

# Maven 3.8's bundled Guava warns about sun.misc.Unsafe on JDK 24+; that is noise, not a problem of this project.
quiet_maven_on_new_jdks() {
  if [ "$(java_major "$JAVA_HOME")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

keycloak_version() {
  sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$REPO_ROOT/pom.xml" | head -1
}

log() {
  printf '\033[1m==> %s\033[0m\n' "$*" >&2
}
