# Sourced (POSIX sh) by ./mvnw, ./portcullis and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: an existing JAVA_HOME that is new enough, then `java` on the PATH, then the usual install
# locations. Portcullis compiles to Java 21 bytecode; JDK 21..25 all work.
portcullis_java_major() {
  # the JDK's release file answers without starting a JVM (each start costs a few hundred ms); the JVM is the fallback
  release_major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  if [ -n "$release_major" ]; then
    echo "$release_major"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
  fi
}
portcullis_find_jdk() {
  set +f # mvnw runs with noglob; the search below needs globbing
  for candidate in "${JAVA_HOME-}" \
      "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(portcullis_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if found_jdk=$(portcullis_find_jdk); then
  JAVA_HOME=$found_jdk
  export JAVA_HOME
else
  echo "Portcullis needs a JDK 21 or newer: none found in JAVA_HOME, on the PATH or under /usr/lib/jvm." >&2
  echo "Install one (e.g. 'apt-get install openjdk-21-jdk-headless') or set JAVA_HOME." >&2
  exit 1
fi
unset found_jdk
