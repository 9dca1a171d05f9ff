#!/usr/bin/env bash
# Storage benchmark: builds the modules it needs (package, nothing installed), then runs
# dev.pyrometer.bench.storage.StorageBench, which loads rounds of the Go fleet through ProfileWriter
# into a fresh embedded PostgreSQL (fsync on) and prints where the raw tier's bytes go, the payload
# bytes by profile type and the CPU cost of decoding and merging them. Extra arguments go to it, e.g.
#   bench/run-storage.sh --rounds=720 --stack-variants=16
# PYROMETER_BENCH_BUILD=0 skips the build (reuse the classes of an earlier run); BENCH_JAVA_OPTS
# goes to the benchmark's JVM.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${PYROMETER_BENCH_BUILD:-1}" != 0 ]; then
  mvn -B -q -pl bench -am package dependency:build-classpath -DskipTests -Djazzer.max_duration=1s -Dweb.npm.ci.skip=true \
    -Dmdep.outputFile=target/bench.classpath ${MAVEN_ARGS_BENCH:-} >/dev/null
fi

java -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  dev.pyrometer.bench.storage.StorageBench "$@"
