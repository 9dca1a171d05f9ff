#!/usr/bin/env bash
# Ingest benchmark: builds the project, starts ingest-service (on PYROMETER_JDBC_URL, or on a fresh
# embedded PostgreSQL in a temporary directory), runs the load generator against it over loopback,
# prints the figures and stops everything. Extra arguments go to the load generator, e.g.
#   bench/run-ingest.sh --clients=8 --duration=60s --services=20 --pods=50
# With --http first, it loads Pyroscope's HTTP `POST /ingest` on ingest-service's HTTP port instead
# (HttpIngestLoad, one profile per request), pprof bodies by default or the Java agent's JFR upload:
#   bench/run-ingest.sh --http --format=pprof --clients=8 --duration=60s
#   bench/run-ingest.sh --http --format=jfr --clients=8 --duration=60s [--jfr-capture=path/NNN.json]
# PYROMETER_BENCH_AUTH=tokens runs the service with PYROMETER_AUTH=tokens and pushes with a push token created by its
# CLI (never printed); PYROMETER_BENCH_BUILD=0 skips the build (reuse the jars of an earlier run).
# PYROMETER_BENCH_INGEST_JAR runs another build of ingest-service (an exec jar saved from an earlier commit, to
# compare two builds under the same load). PYROMETER_BENCH_INGEST_JVM_ARGS are ingest-service's JVM options
# (default -Xmx1g), e.g. to record it with JFR:
#   PYROMETER_BENCH_INGEST_JVM_ARGS="-Xmx1g -XX:StartFlightRecording=filename=/tmp/ingest.jfr,settings=profile"
# The gRPC load prints the server's CPU per stored profile (ingest-service's JVM and, when it runs on this machine, its
# PostgreSQL: the embedded one, or the postmaster pid given as PYROMETER_BENCH_POSTGRES_PID) and the rollup backlog.
set -euo pipefail
mode=grpc
if [ "${1:-}" = --http ]; then
  mode=http
  shift
fi
cd "$(dirname "$0")/.."

if [ "${PYROMETER_BENCH_BUILD:-1}" != 0 ]; then
  # One reactor build (nothing installed): bench's classpath points at its sibling modules' jars in target/.
  mvn -B -q -pl bench,ingest-service -am package dependency:build-classpath -DskipTests -Djazzer.max_duration=1s -Dweb.npm.ci.skip=true \
    -Dmdep.outputFile=target/bench.classpath ${MAVEN_ARGS_BENCH:-} >/dev/null
fi

work=$(mktemp -d /tmp/pyrometer-bench.XXXXXX)
jdbc_url=${PYROMETER_JDBC_URL:-}
if [ -z "$jdbc_url" ]; then
  export PYROMETER_LOCAL_DATA_DIR="$work/postgres" PYROMETER_LOCAL_DB_PORT=${PYROMETER_LOCAL_DB_PORT:-5533}
  jdbc_url="jdbc:postgresql://localhost:$PYROMETER_LOCAL_DB_PORT/postgres?user=postgres"
fi
# Loopback only, so the service runs without tokens (PYROMETER_AUTH=auto) unless PYROMETER_BENCH_AUTH=tokens.
# The per-tenant ingest rate is lifted: the bench's one tenant pushes more than the default allows one tenant.
auth=${PYROMETER_BENCH_AUTH:-auto}
export PYROMETER_AUTH=$auth
export PYROMETER_TENANT_INGEST_PROFILES_PER_SECOND=${PYROMETER_TENANT_INGEST_PROFILES_PER_SECOND:-1000000}
export PYROMETER_TENANT_INGEST_BYTES_PER_SECOND=${PYROMETER_TENANT_INGEST_BYTES_PER_SECOND:-10000000000}
export PYROMETER_GRPC_ADDRESS=127.0.0.1 PYROMETER_INGEST_HTTP_ADDRESS=127.0.0.1
export PYROMETER_GRPC_PORT=${PYROMETER_GRPC_PORT:-4190} PYROMETER_MANAGEMENT_PORT=${PYROMETER_MANAGEMENT_PORT:-9190}
export PYROMETER_INGEST_HTTP_PORT=${PYROMETER_INGEST_HTTP_PORT:-4191}

jar=${PYROMETER_BENCH_INGEST_JAR:-$(ls ingest-service/target/ingest-service-*-exec.jar)}
# shellcheck disable=SC2086 # the JVM options are words
java ${PYROMETER_BENCH_INGEST_JVM_ARGS:--Xmx1g} -jar "$jar" >"$work/ingest.log" 2>&1 &
ingest=$!
trap 'kill $ingest 2>/dev/null || true; wait $ingest 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PYROMETER_MANAGEMENT_PORT/actuator/health/readiness" >/dev/null && break
  sleep 1
done
curl -fs "http://127.0.0.1:$PYROMETER_MANAGEMENT_PORT/actuator/health/readiness" >/dev/null \
  || { echo "ingest-service did not become ready; log:"; tail -50 "$work/ingest.log"; exit 1; }

token_args=()
if [ "$auth" = tokens ]; then
  PYROMETER_JDBC_URL=${PYROMETER_JDBC_URL:-} java -jar "$jar" tokens create --tenant=bench --scope=push --name=bench \
    >"$work/token.out" 2>&1 || { cat "$work/token.out"; exit 1; }
  token_args=("--token=$(sed -n 's/^token: //p' "$work/token.out")")
  echo "authentication: API tokens (PYROMETER_AUTH=tokens), one push token for tenant bench"
fi

if [ "$mode" = http ]; then
  java -Xmx1g -cp "bench/target/classes:$(cat bench/target/bench.classpath)" dev.pyrometer.bench.ingest.HttpIngestLoad \
    --target="http://127.0.0.1:$PYROMETER_INGEST_HTTP_PORT" "${token_args[@]}" "$@"
else
  postgres_pid=${PYROMETER_BENCH_POSTGRES_PID:-}
  if [ -z "$postgres_pid" ] && [ -z "${PYROMETER_JDBC_URL:-}" ]; then
    postgres_pid=$(head -1 "$PYROMETER_LOCAL_DATA_DIR/postmaster.pid")
  fi
  java -Xmx1g -cp "bench/target/classes:$(cat bench/target/bench.classpath)" dev.pyrometer.bench.ingest.IngestLoad \
    --target="127.0.0.1:$PYROMETER_GRPC_PORT" --jdbc-url="$jdbc_url" --server-pid="$ingest" --postgres-pid="${postgres_pid:-0}" \
    --clock-ticks="$(getconf CLK_TCK)" "${token_args[@]}" "$@"
fi

echo
echo "== ingest-service batch writes (from /actuator/prometheus) =="
curl -fs "http://127.0.0.1:$PYROMETER_MANAGEMENT_PORT/actuator/prometheus" \
  | grep -E '^pyrometer_(ingest_batch_write_seconds_(count|sum)|storage_dictionary_cache_hit_ratio|ingest_profiles_(accepted|rejected)_total)' || true
