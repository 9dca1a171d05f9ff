#!/bin/sh
# Regenerates the golden `go tool pprof -top` tables that FunctionTotalsTest compares against:
# one file top/<capture>.<sample_type>.txt per capture in ../fixtures/go-seedapp and per sample type in it.
# Needs `go` (tested with go1.19.8). Run it after adding or replacing a capture, then review the diff.
#
# -nodecount/-nodefraction/-edgefraction keep every node; -unit is chosen per sample unit so that every
# value prints as an exact integer (ns → "123ns", byte → "123B", count → "123"; pprof never scales those).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../fixtures/go-seedapp"
out="$here/top"
mkdir -p "$out"
rm -f "$out"/*.txt

unit_flag() {
  case "$1" in
    nanoseconds) echo ns ;;
    bytes) echo byte ;;
    count) echo count ;;
    *) echo "no exact -unit known for sample unit '$1'" >&2; exit 1 ;;
  esac
}

for file in "$fixtures"/*.pb.gz; do
  capture=$(basename "$file" .pb.gz)
  # `-raw` prints the sample types as "type/unit type/unit ..." on the line after "Samples:",
  # the default one suffixed with "[dflt]".
  types=$(go tool pprof -raw "$file" 2>/dev/null | sed -n '/^Samples:$/{n;p;q;}')
  [ -n "$types" ] || { echo "no sample types found in $file" >&2; exit 1; }
  for type_unit in $types; do
    type=${type_unit%%/*}
    unit=${type_unit#*/}
    unit=$(unit_flag "${unit%\[dflt\]}")
    go tool pprof -top -nodecount=1000000 -nodefraction=0 -edgefraction=0 \
      -sample_index="$type" -unit="$unit" "$file" > "$out/$capture.$type.txt" 2>/dev/null
  done
done
ls "$out" | wc -l | xargs echo "golden files written:"
