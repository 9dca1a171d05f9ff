#!/bin/sh
# Regenerates the golden `go tool pprof` tables the profile algebra is tested against, from the captures
# in ../fixtures/go-seedapp. Needs `go` (tested with go1.19.8). Run it after adding or replacing a capture,
# then review the diff.
#
#   top/<capture>.<sample_type>.txt  `-top` of one capture, per sample type          (FunctionTotalsTest, PprofEncoderTest)
#   merged/<kind>.<sample_type>.txt  `-top` of the 6 captures of a kind, merged      (ProfileMergerTest, WindowAggregatorTest)
#   diff/cpu-2_cpu-3.cpu.txt         `-top -base=cpu-2 cpu-3`: cpu-3 minus cpu-2     (DiffTableTest)
#   lines/<kind>.<sample_type>.txt   `-lines -top` of the 6 captures of a kind, merged (FunctionLinesTest)
#   list/<kind>.<sample_type>.<function>.txt
#                                    `-list '^function$'` of the same merge, with workload.go.txt as the
#                                    source of main.go                               (FunctionLinesTest)
#   callgraph/<name>.dot             `-dot` of a window: cpu and inuse_space of rounds 2-5 merged, alloc_space
#                                    as the agent's deltas of rounds 2-5 (`-base allocs-2 allocs-6`), with
#                                    pprof's default pruning, plus cpu with other pruning  (CallGraphTest)
#
# -nodecount/-nodefraction/-edgefraction keep every node; -unit is chosen per sample unit so that every
# value prints as an exact integer (ns → "123ns", byte → "123B", count → "123"; pprof never scales those).
# Given several files, pprof adds them up (samples with equal stacks sum) before building the table.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../fixtures/go-seedapp"
for dir in top merged diff lines list callgraph; do
  mkdir -p "$here/$dir"
  rm -f "$here/$dir"/*.txt "$here/$dir"/*.dot
done

unit_flag() {
  case "$1" in
    nanoseconds) echo ns ;;
    bytes) echo byte ;;
    count) echo count ;;
    *) echo "no exact -unit known for sample unit '$1'" >&2; exit 1 ;;
  esac
}

# The sample types of a capture as "type/unit type/unit ...": `-raw` prints them on the line after
# "Samples:", the default one suffixed with "[dflt]".
sample_types() {
  types=$(go tool pprof -raw "$1" 2>/dev/null | sed -n '/^Samples:$/{n;p;q;}')
  [ -n "$types" ] || { echo "no sample types found in $1" >&2; exit 1; }
  echo "$types" | sed 's/\[dflt\]//g'
}

# top OUT SAMPLE_TYPE UNIT [-base FILE] FILE...
top() {
  out=$1; type=$2; unit=$3; shift 3
  go tool pprof -top -nodecount=1000000 -nodefraction=0 -edgefraction=0 \
    -sample_index="$type" -unit="$(unit_flag "$unit")" "$@" > "$out" 2>/dev/null
}

for file in "$fixtures"/*.pb.gz; do
  capture=$(basename "$file" .pb.gz)
  for type_unit in $(sample_types "$file"); do
    top "$here/top/$capture.${type_unit%%/*}.txt" "${type_unit%%/*}" "${type_unit#*/}" "$file"
  done
done

for kind in allocs block cpu goroutine heap mutex threadcreate; do
  files=$(ls "$fixtures/$kind"-[1-6].pb.gz)
  for type_unit in $(sample_types "$fixtures/$kind-1.pb.gz"); do
    # shellcheck disable=SC2086 # $files is a list of paths without spaces
    top "$here/merged/$kind.${type_unit%%/*}.txt" "${type_unit%%/*}" "${type_unit#*/}" $files
  done
done

top "$here/diff/cpu-2_cpu-3.cpu.txt" cpu nanoseconds -base "$fixtures/cpu-2.pb.gz" "$fixtures/cpu-3.pb.gz"

# The captures name their source /tmp/ceo/go/seedapp/main.go; -trim_path and -source_path point pprof at a
# copy of workload.go.txt under that name (-list prints the file as trimmed: "main.go").
source_dir=$(mktemp -d)
trap 'rm -rf "$source_dir"' EXIT
cp "$fixtures/workload.go.txt" "$source_dir/main.go"

# lines KIND SAMPLE_TYPE UNIT FUNCTION...
lines() {
  kind=$1; type=$2; unit=$3; shift 3
  files=$(ls "$fixtures/$kind"-[1-6].pb.gz)
  # shellcheck disable=SC2086 # $files is a list of paths without spaces
  go tool pprof -lines -top -nodecount=1000000 -nodefraction=0 -edgefraction=0 \
    -sample_index="$type" -unit="$(unit_flag "$unit")" $files > "$here/lines/$kind.$type.txt" 2>/dev/null
  for function in "$@"; do
    pattern="^$(echo "$function" | sed 's/[.()*]/\\&/g')\$"
    # shellcheck disable=SC2086
    go tool pprof -list "$pattern" -sample_index="$type" -unit="$(unit_flag "$unit")" \
      -source_path="$source_dir" -trim_path=/tmp/ceo/go/seedapp $files > "$here/list/$kind.$type.$function.txt" 2>/dev/null
  done
}

lines cpu cpu nanoseconds main.increase2000 main.increase1000 main.IncreaseIntGoroutine.func1
lines heap alloc_space bytes main.alloc1000

# dot OUT SAMPLE_TYPE UNIT [PPROF OPTIONS...] FILE...: the graph pprof draws, with exact integer values
dot() {
  out=$1; type=$2; unit=$3; shift 3
  go tool pprof -dot -sample_index="$type" -unit="$(unit_flag "$unit")" "$@" > "$here/callgraph/$out.dot" 2>/dev/null
}

cpu_window="$fixtures/cpu-2.pb.gz $fixtures/cpu-3.pb.gz $fixtures/cpu-4.pb.gz $fixtures/cpu-5.pb.gz"
heap_window="$fixtures/heap-2.pb.gz $fixtures/heap-3.pb.gz $fixtures/heap-4.pb.gz $fixtures/heap-5.pb.gz"
# shellcheck disable=SC2086 # the windows are lists of paths without spaces
{
  dot cpu.cpu cpu nanoseconds $cpu_window
  dot allocs.alloc_space alloc_space bytes -base "$fixtures/allocs-2.pb.gz" "$fixtures/allocs-6.pb.gz"
  dot heap.inuse_space inuse_space bytes $heap_window
  # every node, at most 30 of them: the entropy rank decides, paths over dropped nodes become residual edges
  dot cpu.cpu.nodecount30 cpu nanoseconds -nodecount=30 -nodefraction=0 -edgefraction=0 $cpu_window
  # a lower node cutoff, a higher edge cutoff and a small node count together
  dot cpu.cpu.nodecount12 cpu nanoseconds -nodecount=12 -nodefraction=0.0005 -edgefraction=0.02 $cpu_window
}

for dir in top merged diff lines list callgraph; do
  ls "$here/$dir" | wc -l | xargs echo "golden files written to $dir/:"
done
