#!/bin/bash
# Portcullis beside Keycloak (and oidc-provider) on the same token-endpoint workloads, with the shared harness
# in ../shared/peers (its README says what it measures); or, with `footprint`, Portcullis alone under several
# JVM settings, for its memory and throughput (docs/performance.md).
#   bench/run.sh peers                       WORKLOADS, CONNS, DURATION, PEERS as run-compare.sh takes them
#   bench/run.sh footprint [LABEL OPTS]...   e.g. default "" g1-128 "-XX:+UseG1GC -Xmx128m"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers=${PEERS_DIR:-$root/../shared/peers}
cache=${PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/portcullis-peers}
[ -d "$peers" ] || { echo "bench: the peers harness is not at $peers (set PEERS_DIR)" >&2; exit 1; }
jar="$root/bootstrap/target/portcullis.jar"
[ -f "$jar" ] || "$root/mvnw" -q -B -f "$root/pom.xml" package -DskipTests -pl bootstrap -am
mode=${1:-peers}; shift || true

start() { # $1 = JVM options
  for attempt in 1 2 3 4 5; do
    PCL_JAR="$jar" PCL_JAVA_OPTS="$1" RT_COUNT=${RT_COUNT:-80} "$peers/portcullis/start.sh" >&2
    # shellcheck disable=SC1091
    . "$cache/portcullis.env"
    # registered ids and secrets are random base64url: one starting with '-' is read as an option by the
    # harness's argument parser (run-compare.sh passes them as separate words), so register afresh
    case " $SUT_CC_CLIENT_ID $SUT_CC_SECRET $SUT_JWT_CLIENT_ID $SUT_JWT_RS_CLIENT_ID $SUT_RT_CLIENT_ID ${SUT_RT_SECRET:-}" in
      *" -"*) echo "bench: a registered id or secret starts with '-'; starting again ($attempt)" >&2
              "$peers/portcullis/stop.sh" >/dev/null 2>&1 || true ;;
      *) return 0 ;;
    esac
  done
  echo "bench: could not register ids the harness can pass" >&2; exit 1
}
trap '"$peers/portcullis/stop.sh" >/dev/null 2>&1 || true' EXIT

if [ "$mode" = peers ]; then
  start "${PCL_JAVA_OPTS:--XX:+UseG1GC -Xmx128m}"
  WORKLOADS="${WORKLOADS:-cc-secret cc-jwt-es384 cc-jwt-rs384 refresh}" PEERS="${PEERS:-keycloak oidc-provider}" "$peers/run-compare.sh"
  exit 0
fi

[ "$mode" = footprint ] || { echo "bench: peers or footprint" >&2; exit 2; }
[ $# -gt 0 ] || set -- default "" g1-128 "-XX:+UseG1GC -Xmx128m"
while [ $# -ge 2 ]; do
  label=$1; opts=$2; shift 2
  start "$opts"
  pid=$SUT_PID
  es_kid=$(node -p "require('$cache/keys/es384.jwks.json').keys[0].kid")
  rs_kid=$(node -p "require('$cache/keys/rs384.jwks.json').keys[0].kid")
  echo "{\"label\":\"$label\",\"opts\":\"$opts\",\"idle_rss_mib\":$(( $(awk '/VmRSS/{print $2}' /proc/$pid/status) / 1024 ))}"
  common=(--url "$SUT_TOKEN_ENDPOINT" --connections "${CONNS:-32}" --duration "${DURATION:-15}" --warmup 5 --server-pid "$pid" --label "$label")
  "$peers/load/bench.sh" --workload cc-secret --client-id="$SUT_CC_CLIENT_ID" --client-secret="$SUT_CC_SECRET" "${common[@]}" 2>/dev/null | tail -1
  "$peers/load/bench.sh" --workload cc-jwt --client-id="$SUT_JWT_CLIENT_ID" --key "$cache/keys/es384.private.pem" --kid "$es_kid" --aud "$SUT_TOKEN_ENDPOINT" "${common[@]}" 2>/dev/null | tail -1
  "$peers/load/bench.sh" --workload cc-jwt --client-id="$SUT_JWT_RS_CLIENT_ID" --key "$cache/keys/rs384.private.pem" --kid "$rs_kid" --aud "$SUT_TOKEN_ENDPOINT" "${common[@]}" 2>/dev/null | tail -1
  "$peers/load/bench.sh" --workload refresh --client-id="$SUT_RT_CLIENT_ID" ${SUT_RT_SECRET:+--client-secret="$SUT_RT_SECRET"} --rt-file "$SUT_RT_FILE" "${common[@]}" 2>/dev/null | tail -1
  echo "{\"label\":\"$label\",\"peak_rss_mib\":$(( $(awk '/VmHWM/{print $2}' /proc/$pid/status) / 1024 ))}"
  "$peers/portcullis/stop.sh" >/dev/null 2>&1
done
