#!/usr/bin/env bash
# Measures the javaagent's cost on agent-client's test class CpuBench: runs it in turn without the
# agent, with the agent recording allocations as jdk.ObjectAllocationSample (jfr.alloc.events=sample)
# and with the agent's defaults (allocations from the TLAB events), all other profile kinds on and
# pushing to a real ingest-service, RUNS times each; prints the median throughput of each and the
# differences. Prints figures; asserts nothing.
#   bench/agent/measure-javaagent.sh [runs=5] [seconds=20] [threads=1] [warmup=20] [workload=cpu|alloc]
# cpu: hashes and sorts, allocating nothing; alloc: allocates about 5.6 KB of short-lived arrays per
# operation, the worst case for allocation events. The warm-up lets both the program and the agent
# (JFR parsing, gRPC) finish JIT compilation first.
source "$(dirname "$0")/common.sh"
runs=${1:-5}
seconds=${2:-20}
threads=${3:-1}
warmup=${4:-20}
workload=${5:-cpu}
classes="$test_classes"
bench() { java -Xmx256m "$@" -cp "$classes" dev.pyrometer.agent.demo.CpuBench "$seconds" "$threads" "$warmup" "$workload" 2>/dev/null | awk '/ops\/s/ { print $2 }'; }
agent="-javaagent:$agent_jar=service_name=cpubench,server=$ingest_target"

without=(); sample=(); tlab=()
for i in $(seq 1 "$runs"); do
  without+=("$(bench)")
  sample+=("$(bench "$agent,jfr.alloc.events=sample")")
  tlab+=("$(bench "$agent")")
  echo "run $i: without ${without[-1]} ops/s, agent (allocation samples) ${sample[-1]} ops/s, agent (TLAB events) ${tlab[-1]} ops/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
m0=$(median "${without[@]}"); m1=$(median "${sample[@]}"); m2=$(median "${tlab[@]}")
awk -v a="$m0" -v b="$m1" -v c="$m2" -v t="$threads" -v s="$seconds" -v w="$workload" 'BEGIN {
  printf "CpuBench %s, %d thread(s), %d s per run, medians: without agent %.1f ops/s; agent with allocation samples %.1f ops/s (%+.2f%%); agent with TLAB events (default) %.1f ops/s (%+.2f%%)\n",
    w, t, s, a, b, 100 * (b - a) / a, c, 100 * (c - a) / a }'
