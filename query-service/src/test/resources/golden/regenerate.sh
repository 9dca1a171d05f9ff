#!/bin/sh
# Regenerates the `go tool pprof` goldens the query API is tested against (GoldenQueryTest,
# PprofExportTest, DiffTest), from the real Go captures in profile-core. Needs `go` (tested with
# go1.19.8). Review the diff after running it.
#
# QueryFixture stores the captures at fixed times so that the golden window holds rounds 2..5 of each
# kind (rounds 2..4 of goroutine), as agent deltas for the cumulative endpoints
# (allocs, mutex, block: delta k = round k+1 minus round k, so the deltas of rounds 2..5 add up to
# `-base round-2 round-6`). Every file here is the reference for the same window:
#
#   top/<kind>.<sample_type>.txt   `-top` of the window's raw files merged        (API /top rows and total)
#   raw/<kind>.txt                 `-raw` of the same merge: samples per stack    (pprof export, averages)
#   top/diff.cpu-2_cpu-5.txt       `-top -base cpu-2 cpu-5`                        (API /diff table, -base URL1 URL2)
#   list/cpu.cpu.<function>.txt    `-list '^function$'` of the cpu window, with workload.go.txt as the
#                                  source of main.go                               (API /lines, LinesGoldenTest)
#
# For inuse_space, inuse_objects and goroutine (averaged over the window's snapshots) the files hold the
# merged sums; the API's values are those sums divided by the snapshot count, exactly (no rounding).
# -nodecount/-nodefraction/-edgefraction keep every node; -unit prints every value as an exact integer.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
f=$(cd "$here/../../../../../profile-core/src/test/resources/fixtures/go-seedapp" && pwd)
PPROF_TMPDIR=$(mktemp -d)
export PPROF_TMPDIR
trap 'rm -rf "$PPROF_TMPDIR"' EXIT
mkdir -p "$here/top" "$here/raw" "$here/list"
rm -f "$here/top"/*.txt "$here/raw"/*.txt "$here/list"/*.txt

# top OUT SAMPLE_TYPE UNIT ARGS...
top() {
  out=$1; type=$2; unit=$3; shift 3
  go tool pprof -top -nodecount=1000000 -nodefraction=0 -edgefraction=0 \
    -sample_index="$type" -unit="$unit" "$@" > "$here/top/$out.txt" 2>/dev/null
}

# raw OUT ARGS...
raw() {
  out=$1; shift
  go tool pprof -raw "$@" > "$here/raw/$out.txt" 2>/dev/null
}

top cpu.cpu cpu ns "$f/cpu-2.pb.gz" "$f/cpu-3.pb.gz" "$f/cpu-4.pb.gz" "$f/cpu-5.pb.gz"
raw cpu "$f/cpu-2.pb.gz" "$f/cpu-3.pb.gz" "$f/cpu-4.pb.gz" "$f/cpu-5.pb.gz"

top allocs.alloc_space alloc_space byte -base "$f/allocs-2.pb.gz" "$f/allocs-6.pb.gz"
raw allocs -base "$f/allocs-2.pb.gz" "$f/allocs-6.pb.gz"

top mutex.delay delay ns -base "$f/mutex-2.pb.gz" "$f/mutex-6.pb.gz"
raw mutex -base "$f/mutex-2.pb.gz" "$f/mutex-6.pb.gz"

top block.contentions contentions count -base "$f/block-2.pb.gz" "$f/block-6.pb.gz"
raw block -base "$f/block-2.pb.gz" "$f/block-6.pb.gz"

top heap.inuse_space inuse_space byte "$f/heap-2.pb.gz" "$f/heap-3.pb.gz" "$f/heap-4.pb.gz" "$f/heap-5.pb.gz"
top heap.inuse_objects inuse_objects count "$f/heap-2.pb.gz" "$f/heap-3.pb.gz" "$f/heap-4.pb.gz" "$f/heap-5.pb.gz"
raw heap "$f/heap-2.pb.gz" "$f/heap-3.pb.gz" "$f/heap-4.pb.gz" "$f/heap-5.pb.gz"

top goroutine.goroutine goroutine count "$f/goroutine-2.pb.gz" "$f/goroutine-3.pb.gz" "$f/goroutine-4.pb.gz"
raw goroutine "$f/goroutine-2.pb.gz" "$f/goroutine-3.pb.gz" "$f/goroutine-4.pb.gz"

top diff.cpu-2_cpu-5 cpu ns -base "$f/cpu-2.pb.gz" "$f/cpu-5.pb.gz"

# The captures name their source /tmp/ceo/go/seedapp/main.go; -list prints it trimmed, as "main.go".
cp "$f/workload.go.txt" "$PPROF_TMPDIR/main.go"
for function in main.increase2000 main.increase1000 main.IncreaseIntGoroutine.func1; do
  pattern="^$(echo "$function" | sed 's/[.()*]/\\&/g')\$"
  go tool pprof -list "$pattern" -sample_index=cpu -unit=ns -source_path="$PPROF_TMPDIR" -trim_path=/tmp/ceo/go/seedapp \
    "$f/cpu-2.pb.gz" "$f/cpu-3.pb.gz" "$f/cpu-4.pb.gz" "$f/cpu-5.pb.gz" > "$here/list/cpu.cpu.$function.txt" 2>/dev/null
done

echo "golden files written: $(ls "$here/top" | wc -l) top, $(ls "$here/raw" | wc -l) raw, $(ls "$here/list" | wc -l) list"
