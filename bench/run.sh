#!/bin/sh
# Builds and runs the benchmarks (never part of ./mvnw verify).
#   bench/run.sh            crypto (JMH) and HTTP load against the local Postgres
#   bench/run.sh crypto     JMH only
#   bench/run.sh http       HTTP load only (-Dbench.concurrency=32 -Dbench.seconds=10 -Dbench.pg=postgresql://...)
#   bench/run.sh sessions   BFF refresh grant, session store on Postgres vs Redis (starts the upstream IdP)
#   bench/run.sh connections  token vault: connection token with a fresh token
#   bench/run.sh redis      the jti claim through the service's Redis client against the pooled client it replaced
#   bench/run.sh peers      beside Keycloak and oidc-provider on ../shared/peers' token workloads (bench/peers.sh)
#   bench/run.sh footprint  the service's memory and throughput under JVM settings (bench/peers.sh)
#   bench/run.sh startup    time until `./portcullis dev` answers readiness, and its memory
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
case "${1-}" in
  peers|footprint) exec "$root/bench/peers.sh" "$@" ;;
  startup) exec "$root/bench/startup.sh" "${2:-5}" ;;
esac
. "$root/.mvn/find-jdk.sh"
"$root/mvnw" -q -B -f "$root/pom.xml" -Pbench package -DskipTests -pl bench -am
flags=""
# JDK 24+: Guava/Guice use sun.misc.Unsafe, and ACCP loads its native library (both flags are unknown to JDK 21)
[ "$(portcullis_java_major "$JAVA_HOME")" -ge 24 ] && flags="--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
# -D options after the mode (bench/run.sh http -Dbench.warmup=15) are the JVM's, values without spaces (bench/README.md lists them)
jvm=""
for a do
  shift
  case $a in -D*) jvm="$jvm $a" ;; *) set -- "$@" "$a" ;; esac
done
exec "$JAVA_HOME/bin/java" $flags ${BENCH_JAVA_OPTS-} $jvm -jar "$root/bench/target/portcullis-bench.jar" "$@"
