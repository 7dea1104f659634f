# Sourced by ./dovetail and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Prefers the current JAVA_HOME, then `java` on PATH, then the newest JDK under /usr/lib/jvm.

dovetail_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p'
}

dovetail_find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local dir
  for dir in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${dir%/}"); done
  for dir in "${candidates[@]}"; do
    if [ -x "$dir/bin/javac" ]; then
      local major
      major=$(dovetail_java_major "$dir")
      if [ -n "$major" ] && [ "$major" -ge 21 ]; then
        export JAVA_HOME="$dir"
        return 0
      fi
    fi
  done
  echo "error: Dovetail needs a JDK 21 or newer; none found in JAVA_HOME, on PATH or under /usr/lib/jvm" >&2
  return 1
}
