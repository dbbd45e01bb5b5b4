# Sourced by capa's scripts: sets JAVA_HOME to a JDK 25 or newer, or explains what to install.
# Order: $JAVA_HOME if it is 25+, else the newest JDK 25+ under /usr/lib/jvm (or
# /Library/Java/JavaVirtualMachines on macOS).

capa_java_feature() {
  # Prints the feature version (17, 25, ...) of the JDK at $1, or nothing.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/jlink" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

capa_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(capa_java_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      return 0
    fi
  fi
  best="" best_v=0
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] || continue
    v=$(capa_java_feature "$candidate")
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$best_v" ]; then
      best=$candidate best_v=$v
    fi
  done
  if [ -z "$best" ]; then
    echo "capa: needs a JDK 25 or newer (with jlink); install one (e.g. 'apt-get install temurin-25-jdk') or set JAVA_HOME to it" >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}

capa_find_jdk || exit 2
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

if ! command -v mvn >/dev/null 2>&1; then
  echo "capa: needs Apache Maven 3.8 or newer on PATH to build; install it (e.g. 'apt-get install maven')" >&2
  exit 2
fi
