# Shared by the agent measurement scripts: builds what is missing, starts ingest-service on a fresh
# embedded PostgreSQL and stops everything on exit. Source it; it sets $root, $work, $agent_jar,
# $ingest_target and the function start_demo.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d /tmp/pyrometer-agent-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

agent_jar="$root/agent-client/target/agent-client-0.1.0-SNAPSHOT.jar"
ingest_jar=$(ls "$root"/ingest-service/target/ingest-service-*-exec.jar 2>/dev/null | head -1 || true)
if [ ! -f "$agent_jar" ] || [ -z "$ingest_jar" ] || [ ! -d "$root/agent-client/target/test-classes" ]; then
  (cd "$root" && mvn -B -q install -DskipTests -pl protocol,profile-core,storage,ingest-service \
    && mvn -B -q package -DskipTests -pl agent-client)
  ingest_jar=$(ls "$root"/ingest-service/target/ingest-service-*-exec.jar | head -1)
fi

# private copies, so a rebuild of the work tree cannot change classes under the running JVMs
cp "$agent_jar" "$work/pyrometer-agent.jar"; agent_jar="$work/pyrometer-agent.jar"
cp "$ingest_jar" "$work/ingest-service.jar"; ingest_jar="$work/ingest-service.jar"
mkdir -p "$work/test-classes" && cp -r "$root/agent-client/target/test-classes/dev" "$work/test-classes/"
test_classes="$work/test-classes"

grpc_port=${BENCH_GRPC_PORT:-4191}
ingest_target="127.0.0.1:$grpc_port"
PYROMETER_LOCAL_DATA_DIR="$work/postgres" PYROMETER_LOCAL_DB_PORT=${BENCH_DB_PORT:-5534} \
PYROMETER_GRPC_PORT=$grpc_port PYROMETER_MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-9191} \
  java -Xmx512m -jar "$ingest_jar" >"$work/ingest.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  grep -q "gRPC ingest listening" "$work/ingest.log" && break
  sleep 1
done
grep -q "gRPC ingest listening" "$work/ingest.log" || { echo "ingest-service did not start:"; tail -30 "$work/ingest.log"; exit 1; }

# start_demo: builds and starts demo/go-service; sets $demo_url and $demo_pid
start_demo() {
  (cd "$root/demo/go-service" && GOPROXY=off go build -o "$work/demo-service" .)
  "$work/demo-service" -addr=127.0.0.1:0 >"$work/demo.log" 2>&1 &
  demo_pid=$!
  pids+=($demo_pid)
  for _ in $(seq 1 50); do grep -q listening "$work/demo.log" && break; sleep 0.1; done
  demo_url="http://$(sed -n 's/.*listening on \([^ ]*\) .*/\1/p' "$work/demo.log")"
}

# cpu_ticks PID: utime + stime in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
