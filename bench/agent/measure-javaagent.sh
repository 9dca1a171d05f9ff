#!/usr/bin/env bash
# Measures the javaagent's cost on a CPU-bound program (agent-client's test class CpuBench): runs it
# alternately without and with -javaagent (all profile kinds on, pushing to a real ingest-service),
# RUNS times each, and prints the median throughput of both and the difference.
# Prints figures; asserts nothing.
#   bench/agent/measure-javaagent.sh [runs=5] [seconds=20] [threads=1] [warmup=20]
# The warm-up lets both the program and the agent (JFR parsing, gRPC) finish JIT compilation first.
source "$(dirname "$0")/common.sh"
runs=${1:-5}
seconds=${2:-20}
threads=${3:-1}
warmup=${4:-20}
classes="$test_classes"
bench() { java -Xmx256m "$@" -cp "$classes" dev.pyrometer.agent.demo.CpuBench "$seconds" "$threads" "$warmup" 2>/dev/null | awk '/ops\/s/ { print $2 }'; }

without=(); with=()
for i in $(seq 1 "$runs"); do
  without+=("$(bench)")
  with+=("$(bench -javaagent:"$agent_jar"=service_name=cpubench,server=$ingest_target)")
  echo "run $i: without ${without[-1]} ops/s, with ${with[-1]} ops/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
m0=$(median "${without[@]}"); m1=$(median "${with[@]}")
awk -v a="$m0" -v b="$m1" -v t="$threads" -v s="$seconds" 'BEGIN {
  printf "CpuBench, %d thread(s), %d s per run: median without agent %.1f ops/s, with agent %.1f ops/s: %+.2f%% throughput\n", t, s, a, b, 100 * (b - a) / a }'
