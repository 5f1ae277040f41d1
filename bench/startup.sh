#!/bin/bash
# Time from exec to the first 200 of /health/ready for `./portcullis dev` and, interleaved in the same run,
# for a plain `java -jar portcullis.jar dev` (no heap, GC or startup-cache flags); RSS of the JVM when ready.
#   bench/run.sh startup [RUNS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/.mvn/find-jdk.sh"
runs=${1:-5}
"$root/portcullis" dev --check >/dev/null 2>&1 # builds the jar and records the startup cache if needed
plain="$JAVA_HOME/bin/java"
[ "$(portcullis_java_major "$JAVA_HOME")" -ge 24 ] && plain="$plain --sun-misc-unsafe-memory-access=allow"
measure() { # $1 label, rest: command
  label=$1; shift
  port=$((20000 + RANDOM % 20000))
  start=$(date +%s%N)
  PORTCULLIS_HTTP_PORT=$port "$@" >/dev/null 2>&1 &
  launcher=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.01; done
  end=$(date +%s%N)
  jvm=$(pgrep -f "portcullis.jar dev" | head -n 1)
  echo "{\"label\":\"$label\",\"ready_ms\":$(( (end - start) / 1000000 )),\"rss_mib\":$(( $(awk '/VmRSS/{print $2}' "/proc/$jvm/status") / 1024 ))}"
  kill "$launcher"; wait "$launcher" 2>/dev/null || true
}
for _ in $(seq "$runs"); do
  # shellcheck disable=SC2086
  measure plain $plain -jar "$root/bootstrap/target/portcullis.jar" dev
  measure portcullis "$root/portcullis" dev
done
