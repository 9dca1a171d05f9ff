#!/bin/sh
# Regenerates the golden `go tool pprof` tables the profile algebra is tested against, from the captures
# in ../fixtures/go-seedapp. Needs `go` (tested with go1.19.8). Run it after adding or replacing a capture,
# then review the diff.
#
#   top/<capture>.<sample_type>.txt  `-top` of one capture, per sample type          (FunctionTotalsTest, PprofEncoderTest)
#   merged/<kind>.<sample_type>.txt  `-top` of the 6 captures of a kind, merged      (ProfileMergerTest, WindowAggregatorTest)
#   diff/cpu-2_cpu-3.cpu.txt         `-top -base=cpu-2 cpu-3`: cpu-3 minus cpu-2     (DiffTableTest)
#
# -nodecount/-nodefraction/-edgefraction keep every node; -unit is chosen per sample unit so that every
# value prints as an exact integer (ns → "123ns", byte → "123B", count → "123"; pprof never scales those).
# Given several files, pprof adds them up (samples with equal stacks sum) before building the table.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../fixtures/go-seedapp"
for dir in top merged diff; do
  mkdir -p "$here/$dir"
  rm -f "$here/$dir"/*.txt
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

for dir in top merged diff; do
  ls "$here/$dir" | wc -l | xargs echo "golden files written to $dir/:"
done
