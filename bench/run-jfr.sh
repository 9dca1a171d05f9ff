#!/usr/bin/env bash
# JFR parse benchmark: builds profile-core and bench (reactor package, nothing installed), then runs
# dev.pyrometer.bench.jfr.JfrParseBench: ms and allocated bytes per MB of JFR for profile-core's
# JfrConverter, jdk.jfr.consumer.RecordingFile and async-profiler's one.jfr.JfrReader on the
# captured Pyroscope Java agent uploads and a ~5 MB recording of them repeated, then each reader
# on small recordings that declare huge counts. Extra arguments go to JfrParseBench, e.g.
#   bench/run-jfr.sh --warmup=5s --measure=5s --large-mb=5
# Environment: MVN (default "mvn"; "mvn -o" offline), SKIP_BUILD=1 to reuse the last build,
# BENCH_JAVA_OPTS for the benchmark's JVM (default -Xmx1g: a reader that allocates what a
# hostile recording declares meets OutOfMemoryError there).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn=${MVN:-mvn}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  $mvn -B -q -pl bench -am package dependency:build-classpath -DskipTests -Dweb.npm.ci.skip=true \
    -Dmdep.outputFile=target/bench.classpath >/dev/null
fi
classpath="bench/target/classes:$(cat bench/target/bench.classpath)"
java ${BENCH_JAVA_OPTS:--Xmx1g} -XX:+UseSerialGC -cp "$classpath" dev.pyrometer.bench.jfr.JfrParseBench "$@"
