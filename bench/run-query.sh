#!/usr/bin/env bash
# Query benchmark: builds the project, then runs dev.pyrometer.bench.query.QueryBench, which
#  1. loads a Go fleet's history through the project's ProfileWriter and RollupJob into PostgreSQL
#     (PYROMETER_JDBC_URL, or an embedded PostgreSQL under --keep-data / a temporary directory),
#  2. starts query-service's -exec jar on it and measures merges, a diff and a timeline over HTTP,
#  3. times the same 1 h merge with `go tool pprof -proto` over the raw files (when Go is installed),
#  4. breaks a merge down into its steps in-process.
# Extra arguments go to QueryBench (see bench/README.md), e.g.
#   bench/run-query.sh --keep-data=/var/tmp/pyrometer-query-bench            # load once, keep it
#   bench/run-query.sh --keep-data=/var/tmp/pyrometer-query-bench --reps=200 # reuse it, measure again
#   bench/run-query.sh --services=2 --days=0.1 --reps=10                     # a quick smoke run
# With --sweep first it runs dev.pyrometer.bench.query.QuerySweep instead: QueryBench over one service
# with 3, 30 and 100 pods at 60 s and 10 s cadence, each data set kept under --sweep-dir, then one table:
#   bench/run-query.sh --sweep                                               # the whole sweep (see bench/README.md)
#   bench/run-query.sh --sweep --sweep-dir=/tmp/sweep-smoke --sweep-days=0.2 --reps=5 --warmup=2   # a quick smoke run
# Environment: MVN (default "mvn"; "mvn -o" offline), SKIP_BUILD=1 to use the jars of an earlier build,
# BENCH_JAVA_OPTS for the benchmark's JVM; --query-jvm-args="..." for query-service's JVM.
set -euo pipefail
main=dev.pyrometer.bench.query.QueryBench
if [ "${1:-}" = --sweep ]; then
  main=dev.pyrometer.bench.query.QuerySweep
  shift
fi
cd "$(dirname "$0")/.."
root=$PWD

mvn=${MVN:-mvn}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # One reactor build, nothing installed: bench's classpath names its sibling modules' jars in their target/.
  mkdir -p bench/target
  $mvn -B -q -pl bench,query-service -am package dependency:build-classpath -DskipTests -Djazzer.max_duration=1s \
    -Dmdep.outputFile=target/bench.classpath >bench/target/run-query-build.log 2>&1 \
    || { tail -50 bench/target/run-query-build.log; echo "build failed; the whole log: bench/target/run-query-build.log" >&2; exit 1; }
fi
[ -f bench/target/bench.classpath ] || { echo "no bench/target/bench.classpath: run once without SKIP_BUILD=1" >&2; exit 1; }

# A private copy of the project's own jars (and query-service's -exec jar): a load runs for a long
# time, and a rebuild of the reactor meanwhile must not swap classes under the running JVMs.
lib=$(mktemp -d /tmp/pyrometer-query-bench-lib.XXXXXX)
trap 'rm -rf "$lib"' EXIT
cp -r bench/target/classes "$lib/bench-classes"
classpath="$lib/bench-classes"
for entry in $(tr ':' ' ' < bench/target/bench.classpath); do
  case "$entry" in
    "$root"/*) cp "$entry" "$lib/" && classpath="$classpath:$lib/$(basename "$entry")" ;;
    *) classpath="$classpath:$entry" ;;
  esac
done
cp "$(ls query-service/target/query-service-*-exec.jar | head -1)" "$lib/query-service-exec.jar"

java -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$classpath" \
  "$main" --query-jar="$lib/query-service-exec.jar" "$@"
