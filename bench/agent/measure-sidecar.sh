#!/usr/bin/env bash
# Measures the sidecar's footprint: runs it against demo/go-service with every profile type on, at
# the production interval, pushing to a real ingest-service, and prints its RSS and CPU share.
# Prints figures; asserts nothing.
#   bench/agent/measure-sidecar.sh [seconds=180] [interval=15s]
# The JVM flags are the ones agent-client/README.md recommends for a sidecar container.
source "$(dirname "$0")/common.sh"
seconds=${1:-180}
interval=${2:-15s}
warmup=30
# Override with SIDECAR_JVM_FLAGS="..." to compare settings.
default_flags=(-Xms8m -Xmx32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m
  -XX:MaxMetaspaceSize=48m -XX:MaxDirectMemorySize=16m)
read -r -a jvm_flags <<<"${SIDECAR_JVM_FLAGS:-${default_flags[*]}}"
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}   # glibc: fewer malloc arenas, a few MB less RSS

start_demo
java "${jvm_flags[@]}" -jar "$agent_jar" sidecar --service-name=bench-demo --target="$demo_url" \
  --server="$ingest_target" --interval="$interval" >"$work/sidecar.log" 2>&1 &
sidecar=$!
pids+=($sidecar)
hz=$(getconf CLK_TCK)

sleep "$warmup"
t0=$(date +%s.%N); c0=$(cpu_ticks "$sidecar")
peak=0
for _ in $(seq 1 $(( (seconds - warmup) / 5 ))); do
  sleep 5
  rss=$(awk '/VmRSS/ { print $2 }' "/proc/$sidecar/status")
  [ "$rss" -gt "$peak" ] && peak=$rss
done
t1=$(date +%s.%N); c1=$(cpu_ticks "$sidecar")
rss=$(awk '/VmRSS/ { print $2 }' "/proc/$sidecar/status")
hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$sidecar/status")
total=$(cpu_ticks "$sidecar")

echo "sidecar, interval $interval, all 7 endpoints, MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX, JVM flags: ${jvm_flags[*]}"
awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$hz" -v total="$total" -v seconds="$seconds" 'BEGIN {
  printf "CPU after %ds warm-up: %.2f s over %.0f s = %.3f%% of one core (whole run incl. JVM start: %.2f s = %.3f%%)\n",
    '"$warmup"', (c1 - c0) / hz, t1 - t0, 100 * (c1 - c0) / hz / (t1 - t0), total / hz, 100 * total / hz / seconds }'
echo "RSS now $((rss / 1024)) MiB, highest sampled $((peak / 1024)) MiB, VmHWM $((hwm / 1024)) MiB"
echo "profiles stored by ingest-service: $(grep -c . "$work/sidecar.log") sidecar log lines; last lines:"
tail -3 "$work/sidecar.log"
