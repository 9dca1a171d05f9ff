#!/usr/bin/env bash
# Runs Pyrometer on this machine, for trying it out: builds what is missing or out of date, then
# starts ingest-service (with an embedded PostgreSQL whose data stays in ./data/postgres),
# query-service (REST API and UI) and a demo workload profiled by the agent: the demo Go service
# with the agent as a sidecar when `go` is installed, else a small JVM program with the agent as
# -javaagent. Ctrl-C stops everything it started, in order, and waits for it.
#
# Needs JDK 17+, Maven and Node/npm (for the UI build); Go is optional. docs/operations.md lists
# every setting below; `./run.sh --help` prints them.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

usage() {
  cat <<'EOF'
Usage: ./run.sh [--no-build | --build] [--demo=auto|go|jvm|none]

Builds what is needed, starts ingest-service, query-service (API + UI) and a demo workload with
the agent, prints the UI address, and runs until Ctrl-C. Logs go to data/logs/.

Options (each also an environment variable):
  --build / --no-build   RUN_BUILD=always|never (default auto: build when a jar is missing or
                         older than its sources)
  --demo=MODE            RUN_DEMO=auto|go|jvm|none (default auto: the Go demo with the sidecar
                         when `go` is installed, else the JVM demo with the javaagent)

Environment (defaults in brackets):
  RUN_DATA_DIR                 data, logs and the demo binary [./data]
  PYROMETER_GRPC_PORT          ingest-service gRPC port [4100]
  PYROMETER_INGEST_HTTP_PORT   ingest-service Pyroscope HTTP ingest (/ingest, Connect push), on 127.0.0.1 [4140]
  PYROMETER_QUERY_PORT         query-service API and UI port [4040]
  PYROMETER_QUERY_ADDRESS      address the API and UI bind to [127.0.0.1]
  PYROMETER_LOCAL_DB_PORT      embedded PostgreSQL port [5532]
  RUN_INGEST_MANAGEMENT_PORT   ingest-service health and metrics, on 127.0.0.1 [9101]
  RUN_QUERY_MANAGEMENT_PORT    query-service health and metrics, on 127.0.0.1 [9102]
  RUN_DEMO_PORT                demo Go service's HTTP and /debug/pprof, on 127.0.0.1 [6060]
  RUN_AGENT_INTERVAL           agent scrape / profiling period [10s]
  RUN_JAVA_OPTS                extra JVM options for the two services []
  RUN_STARTUP_TIMEOUT          seconds to wait for each service to become ready [300]
Other PYROMETER_* settings of the services (docs/operations.md) are passed through, e.g.
PYROMETER_JDBC_URL to use your own PostgreSQL instead of the embedded one.
EOF
}

RUN_BUILD=${RUN_BUILD:-auto}
RUN_DEMO=${RUN_DEMO:-auto}
for arg in "$@"; do
  case $arg in
    --build) RUN_BUILD=always ;;
    --no-build) RUN_BUILD=never ;;
    --demo=*) RUN_DEMO=${arg#--demo=} ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

DATA_DIR=${RUN_DATA_DIR:-$ROOT/data}
mkdir -p "$DATA_DIR"
DATA_DIR=$(cd "$DATA_DIR" && pwd)
LOG_DIR=$DATA_DIR/logs
export PYROMETER_LOCAL_DATA_DIR=${PYROMETER_LOCAL_DATA_DIR:-$DATA_DIR/postgres}
export PYROMETER_GRPC_PORT=${PYROMETER_GRPC_PORT:-4100}
export PYROMETER_INGEST_HTTP_PORT=${PYROMETER_INGEST_HTTP_PORT:-4140}
export PYROMETER_QUERY_PORT=${PYROMETER_QUERY_PORT:-4040}
export PYROMETER_QUERY_ADDRESS=${PYROMETER_QUERY_ADDRESS:-127.0.0.1}
export PYROMETER_LOCAL_DB_PORT=${PYROMETER_LOCAL_DB_PORT:-5532}
INGEST_MANAGEMENT_PORT=${RUN_INGEST_MANAGEMENT_PORT:-9101}
QUERY_MANAGEMENT_PORT=${RUN_QUERY_MANAGEMENT_PORT:-9102}
DEMO_PORT=${RUN_DEMO_PORT:-6060}
AGENT_INTERVAL=${RUN_AGENT_INTERVAL:-10s}
STARTUP_TIMEOUT=${RUN_STARTUP_TIMEOUT:-300}
read -r -a JAVA_OPTS <<<"${RUN_JAVA_OPTS:-}"
# Each service gets its own management settings below; an exported value would apply to both.
unset PYROMETER_MANAGEMENT_PORT PYROMETER_MANAGEMENT_ADDRESS

RUN_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)

say() { printf 'run.sh: %s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Processes: every child is started in the background from this shell, so it shares this shell's
# process group and session and ignores SIGINT (bash does that for background jobs of a script);
# Ctrl-C reaches only this script, whose trap stops the children with SIGTERM, newest first.

PIDS=()
NAMES=()
GRACE=()
STOPPING=
FORCE=
LOCKED=
PID_FILE=$DATA_DIR/.run.pids

# True while the process exists and is not a zombie.
alive() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# The kernel's start time of a process (field 22 of /proc/PID/stat): a pid plus its start time
# names one process for good, even after the pid is reused.
start_time() {
  local stat fields
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  read -r -a fields <<<"${stat##*) }"
  echo "${fields[19]}"
}

# log_marker LOG: appends a line naming this start to LOG; logs are appended to, never overwritten, so a
# start's output follows the previous run's, after this marker.
log_marker() {
  printf '\n===== run.sh started %s (pid %s) =====\n' "$RUN_STARTED" "$$" >>"$1"
}

# start NAME GRACE_SECONDS LOG COMMAND...: runs COMMAND in the background, output to LOG, and
# records it in PID_FILE so that a later run can stop it should this script be killed outright.
start() {
  local name=$1 grace=$2 log=$3
  shift 3
  log_marker "$log"
  "$@" >>"$log" 2>&1 </dev/null 9>&- &
  PIDS+=("$!")
  NAMES+=("$name")
  GRACE+=("$grace")
  echo "$! $(start_time "$!" || echo 0) $name" >>"$PID_FILE"
}

# Processes of an earlier run that was killed before it could stop them (SIGKILL, a crash).
stop_earlier_run() {
  local pid started name tenths
  [[ -f $PID_FILE ]] || return 0
  while read -r pid started name; do
    if ! [[ $pid =~ ^[0-9]+$ ]] || ! alive "$pid" || [[ $(start_time "$pid") != "$started" ]]; then
      continue
    fi
    say "stopping $name (pid $pid) left running by an earlier run"
    kill -TERM "$pid" 2>/dev/null || true
    tenths=0
    while alive "$pid" && ((tenths < 300)); do
      sleep 0.1
      tenths=$((tenths + 1))
    done
    if alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done <"$PID_FILE"
  rm -f "$PID_FILE"
}

stop_pid() {
  local name=$1 pid=$2 grace=$3 tenths=0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    while alive "$pid" && [[ -z $FORCE ]] && ((tenths < grace * 10)); do
      sleep 0.1
      tenths=$((tenths + 1))
    done
    if alive "$pid"; then
      say "$name (pid $pid) did not stop in ${grace}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# The embedded PostgreSQL detaches from ingest-service (pg_ctl starts it in its own session). If
# ingest-service could not stop it (killed, crashed), stop it here: fast shutdown, then SIGKILL.
stop_stale_postgres() {
  local pidfile=$PYROMETER_LOCAL_DATA_DIR/postmaster.pid pid tenths=0
  [[ -f $pidfile ]] || return 0
  { read -r pid <"$pidfile"; } 2>/dev/null || return 0
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 0
  grep -qaF -- "$PYROMETER_LOCAL_DATA_DIR" "/proc/$pid/cmdline" 2>/dev/null || return 0
  say "stopping the PostgreSQL still running on $PYROMETER_LOCAL_DATA_DIR (pid $pid)"
  kill -INT "$pid" 2>/dev/null || true
  while alive "$pid" && ((tenths < 300)); do
    sleep 0.1
    tenths=$((tenths + 1))
  done
  if alive "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# Anything else still in this script's process group (only when the script leads its group, as it
# does when started from a terminal or with setsid) is killed: nothing may outlive the script.
sweep_group() {
  local f stat rest fields pid
  local pgid
  { read -r stat <"/proc/$$/stat"; } 2>/dev/null || return 0
  rest=${stat##*) }
  read -r -a fields <<<"$rest"
  pgid=${fields[2]}
  [[ $pgid == "$$" ]] || return 0
  for f in /proc/[0-9]*/stat; do
    { read -r stat <"$f"; } 2>/dev/null || continue
    rest=${stat##*) }
    read -r -a fields <<<"$rest"
    pid=${f#/proc/}
    pid=${pid%/stat}
    if [[ ${fields[2]} == "$$" && $pid != "$$" && $pid != "$BASHPID" && ${fields[0]} != Z ]]; then
      say "killing leftover process $pid"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

cleanup() {
  [[ -n $STOPPING ]] && return 0
  STOPPING=1
  trap 'FORCE=1' INT TERM
  if ((${#PIDS[@]} > 0)); then
    say "stopping (Ctrl-C again to kill at once)"
  fi
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    stop_pid "${NAMES[$i]}" "${PIDS[$i]}" "${GRACE[$i]}"
  done
  stop_stale_postgres
  sweep_group
  if [[ -n $LOCKED ]]; then
    rm -f "$PID_FILE"
  fi
}

on_signal() {
  cleanup
  say "stopped"
  trap - EXIT
  exit 0
}

on_exit() {
  local status=$?
  cleanup
  exit "$status"
}

trap on_signal INT TERM HUP
trap on_exit EXIT

# ---------------------------------------------------------------------------------------------
# Checks that need no network.

# port_open PORT: true when something on 127.0.0.1 accepts connections on PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# http_ok PORT PATH: true when GET PATH on 127.0.0.1:PORT answers 200.
http_ok() {
  local line
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3 2>/dev/null || { exec 3<&-; return 1; }
  IFS= read -r -t 5 line <&3 || line=
  exec 3<&-
  [[ $line == "HTTP/1."[01]" 200"* ]]
}

# wait_ready NAME PID PORT PATH LOG: until GET PATH answers 200, or the process dies.
wait_ready() {
  local name=$1 pid=$2 port=$3 path=$4 log=$5 waited=0
  until http_ok "$port" "$path"; do
    if ! alive "$pid"; then
      say "$name exited while starting; the end of $log:"
      tail -n 40 "$log" >&2 || true
      exit 1
    fi
    if ((waited >= STARTUP_TIMEOUT * 2)); then
      say "$name was not ready after ${STARTUP_TIMEOUT}s; the end of $log:"
      tail -n 40 "$log" >&2 || true
      exit 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

java_major() {
  local version
  version=$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\)\(\.[^"]*\)\{0,1\}".*/\1/p' | head -n 1)
  echo "${version:-0}"
}

# ---------------------------------------------------------------------------------------------
# Build.

command -v java >/dev/null 2>&1 || die "java not found: install JDK 17 or newer"
(($(java_major) >= 17)) || die "java $(java_major) found; JDK 17 or newer is needed"

find_jar() { # MODULE SUFFIX: the module's built jar, or nothing
  local jar
  for jar in "$ROOT/$1/target/$1"-*"$2.jar"; do
    if [[ -f $jar && $jar != *-tests.jar && $jar != */original-* && ($2 == -exec || $jar != *-exec.jar) ]]; then
      echo "$jar"
      return 0
    fi
  done
  return 0
}

jars_present() {
  INGEST_JAR=$(find_jar ingest-service -exec)
  QUERY_JAR=$(find_jar query-service -exec)
  AGENT_JAR=$(find_jar agent-client "")
  [[ -n $INGEST_JAR && -n $QUERY_JAR && -n $AGENT_JAR ]]
}

sources_newer_than() { # FILE: prints one source file newer than FILE, if any
  local paths=(pom.xml)
  local module
  for module in protocol profile-core storage ingest-service query-service agent-client; do
    paths+=("$module/pom.xml" "$module/src/main")
  done
  for module in web/pom.xml web/src web/public web/index.html web/package.json web/package-lock.json web/tsconfig.json web/vite.config.ts; do
    [[ -e $module ]] && paths+=("$module")
  done
  find "${paths[@]}" -type f -newer "$1" -print -quit 2>/dev/null
}

need_build() {
  jars_present || return 0
  local oldest=$INGEST_JAR jar
  for jar in "$QUERY_JAR" "$AGENT_JAR"; do
    [[ $jar -ot $oldest ]] && oldest=$jar
  done
  [[ -n $(sources_newer_than "$oldest") ]]
}

# One run per data directory at a time (children get the lock's descriptor closed: 9>&-).
exec 9>"$DATA_DIR/.run.lock"
if command -v flock >/dev/null 2>&1; then
  flock -n 9 || die "another ./run.sh is using $DATA_DIR; stop it first (or set RUN_DATA_DIR)"
fi
LOCKED=1
stop_earlier_run
stop_stale_postgres

# Fail fast, before any build, on ports that are taken.
case $RUN_DEMO in
  auto) if command -v go >/dev/null 2>&1; then RUN_DEMO=go; else RUN_DEMO=jvm; fi ;;
  go) command -v go >/dev/null 2>&1 || die "RUN_DEMO=go but go is not installed (apt-get install golang-go)" ;;
  jvm | none) ;;
  *) die "RUN_DEMO must be auto, go, jvm or none, not '$RUN_DEMO'" ;;
esac
busy=()
check_port() { if port_open "$2"; then busy+=("$1=$2"); fi; }
check_port PYROMETER_GRPC_PORT "$PYROMETER_GRPC_PORT"
check_port PYROMETER_INGEST_HTTP_PORT "$PYROMETER_INGEST_HTTP_PORT"
check_port PYROMETER_QUERY_PORT "$PYROMETER_QUERY_PORT"
check_port RUN_INGEST_MANAGEMENT_PORT "$INGEST_MANAGEMENT_PORT"
check_port RUN_QUERY_MANAGEMENT_PORT "$QUERY_MANAGEMENT_PORT"
[[ -z ${PYROMETER_JDBC_URL:-} ]] && check_port PYROMETER_LOCAL_DB_PORT "$PYROMETER_LOCAL_DB_PORT"
[[ $RUN_DEMO == go ]] && check_port RUN_DEMO_PORT "$DEMO_PORT"
((${#busy[@]} == 0)) || die "ports already in use: ${busy[*]}; stop what uses them or choose others with these variables"

mkdir -p "$LOG_DIR"
case $RUN_BUILD in
  always) build=1 ;;
  never) build= ;;
  auto) if need_build; then build=1; else build=; fi ;;
  *) die "RUN_BUILD must be auto, always or never, not '$RUN_BUILD'" ;;
esac
if [[ -n $build ]]; then
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8 or newer"
  say "building ingest-service, query-service (with the UI) and the agent; the first build downloads dependencies and takes a few minutes (log: $LOG_DIR/build.log)"
  log_marker "$LOG_DIR/build.log"
  if ! mvn -B -ntp -DskipTests package -pl ingest-service,query-service,agent-client -am >>"$LOG_DIR/build.log" 2>&1 </dev/null 9>&-; then
    tail -n 60 "$LOG_DIR/build.log" >&2 || true
    die "the build failed; the whole log is in $LOG_DIR/build.log"
  fi
fi
jars_present || die "the service jars are missing: run ./run.sh --build"

DEMO_BIN=$DATA_DIR/bin/demo-service
if [[ $RUN_DEMO == go ]]; then
  if [[ ! -x $DEMO_BIN || -n $(find demo/go-service -type f -newer "$DEMO_BIN" -print -quit) ]]; then
    say "building the demo Go service"
    mkdir -p "$DATA_DIR/bin"
    log_marker "$LOG_DIR/demo-build.log"
    (cd demo/go-service && GOFLAGS=-mod=mod GOPROXY=off go build -o "$DEMO_BIN" .) >>"$LOG_DIR/demo-build.log" 2>&1 9>&- ||
      { tail -n 40 "$LOG_DIR/demo-build.log" >&2; die "building demo/go-service failed"; }
  fi
fi

# ---------------------------------------------------------------------------------------------
# Start.

say "starting ingest-service (gRPC on 127.0.0.1:$PYROMETER_GRPC_PORT, HTTP on 127.0.0.1:$PYROMETER_INGEST_HTTP_PORT, data in $PYROMETER_LOCAL_DATA_DIR)"
start ingest-service 60 "$LOG_DIR/ingest-service.log" \
  env PYROMETER_MANAGEMENT_PORT="$INGEST_MANAGEMENT_PORT" PYROMETER_MANAGEMENT_ADDRESS=127.0.0.1 PYROMETER_GRPC_ADDRESS=127.0.0.1 \
  PYROMETER_INGEST_HTTP_ADDRESS=127.0.0.1 java "${JAVA_OPTS[@]}" -jar "$INGEST_JAR"
wait_ready ingest-service "${PIDS[0]}" "$INGEST_MANAGEMENT_PORT" /actuator/health/readiness "$LOG_DIR/ingest-service.log"

say "starting query-service"
start query-service 30 "$LOG_DIR/query-service.log" \
  env PYROMETER_MANAGEMENT_PORT="$QUERY_MANAGEMENT_PORT" PYROMETER_MANAGEMENT_ADDRESS=127.0.0.1 \
  java "${JAVA_OPTS[@]}" -jar "$QUERY_JAR"
QUERY_PID=$!

# The sidecar's JVM flags from agent-client/README.md (small and steady RSS).
AGENT_JVM=(java -Xms8m -Xmx32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss256k -XX:+UseSerialGC
  -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=48m -XX:MaxDirectMemorySize=16m)
case $RUN_DEMO in
  go)
    DEMO_SERVICE=demo-service
    HOT_FUNCTION=main.burnCPU
    say "starting the demo Go service on 127.0.0.1:$DEMO_PORT and the agent as its sidecar"
    start demo-service 10 "$LOG_DIR/demo-service.log" "$DEMO_BIN" -addr="127.0.0.1:$DEMO_PORT"
    DEMO_PID=$!
    wait_ready demo-service "$DEMO_PID" "$DEMO_PORT" /healthz "$LOG_DIR/demo-service.log"
    start agent 15 "$LOG_DIR/agent.log" "${AGENT_JVM[@]}" -jar "$AGENT_JAR" sidecar \
      --service-name="$DEMO_SERVICE" --labels=env=local --target="http://127.0.0.1:$DEMO_PORT" \
      --server="127.0.0.1:$PYROMETER_GRPC_PORT" --interval="$AGENT_INTERVAL"
    ;;
  jvm)
    DEMO_SERVICE=demo-jvm
    HOT_FUNCTION=DemoWorkload.burnCpu
    say "starting the demo JVM program with the agent as -javaagent"
    start demo-jvm 15 "$LOG_DIR/demo-jvm.log" java -Xmx128m \
      "-javaagent:$AGENT_JAR=service_name=$DEMO_SERVICE,labels=env=local,server=127.0.0.1:$PYROMETER_GRPC_PORT,interval=$AGENT_INTERVAL" \
      "$ROOT/deploy/local/DemoWorkload.java"
    ;;
  none) DEMO_SERVICE= ;;
esac

wait_ready query-service "$QUERY_PID" "$QUERY_MANAGEMENT_PORT" /actuator/health/readiness "$LOG_DIR/query-service.log"

UI=http://127.0.0.1:$PYROMETER_QUERY_PORT/
if [[ $PYROMETER_QUERY_ADDRESS != 127.0.0.1 && $PYROMETER_QUERY_ADDRESS != 0.0.0.0 ]]; then
  UI=http://$PYROMETER_QUERY_ADDRESS:$PYROMETER_QUERY_PORT/
fi
echo
echo "Pyrometer is running."
echo "  UI:          $UI"
if [[ -n $DEMO_SERVICE ]]; then
  echo "  demo:        $DEMO_SERVICE (hot function $HOT_FUNCTION); its first profiles arrive within a minute"
  echo "  flame graph: ${UI}explore?service=$DEMO_SERVICE&type=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds&from=now-15m&tab=flame"
fi
echo "  gRPC ingest: 127.0.0.1:$PYROMETER_GRPC_PORT (java -jar $(realpath --relative-to="$ROOT" "$AGENT_JAR") push --help)"
echo "  HTTP ingest: http://127.0.0.1:$PYROMETER_INGEST_HTTP_PORT/ingest (Pyroscope SDKs)"
echo "  auth:        authentication is off (loopback only); docs/operations.md shows how to require API tokens"
echo "  data:        $PYROMETER_LOCAL_DATA_DIR"
echo "  logs:        $LOG_DIR"
echo "Press Ctrl-C to stop."

# Run until a signal (the trap stops everything) or until a child exits on its own (then stop the
# rest and fail, naming it).
while true; do
  wait -n "${PIDS[@]}" 2>/dev/null || true
  for i in "${!PIDS[@]}"; do
    if ! alive "${PIDS[$i]}"; then
      say "${NAMES[$i]} exited on its own; the end of its log:"
      tail -n 30 "$LOG_DIR/${NAMES[$i]}.log" >&2 || true
      exit 1
    fi
  done
done
