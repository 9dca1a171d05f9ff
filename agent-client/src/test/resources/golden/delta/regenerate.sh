#!/bin/sh
# Regenerates the golden `go tool pprof -base` tables that DeltaGoldenTest compares the agent's deltas
# against: for every pair of consecutive rounds (N-1, N) of the cumulative captures in
# profile-core/src/test/resources/fixtures/go-seedapp, and every sample type the agent keeps,
#   go tool pprof -top -base <kind>-<N-1>.pb.gz <kind>-<N>.pb.gz  →  <kind>-<N-1>-<N>.<sample_type>.txt
# Needs `go` (tested with go1.19.8). Run it after a capture changes, then review the diff.
#
# -nodecount/-nodefraction/-edgefraction keep every node; -unit is chosen per sample unit so that every
# value prints as an exact integer (ns → "123ns", byte → "123B", count → "123").
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../../../../../../profile-core/src/test/resources/fixtures/go-seedapp"
rm -f "$here"/*.txt

table() { # kind sample_type unit from to
  go tool pprof -top -nodecount=1000000 -nodefraction=0 -edgefraction=0 -sample_index="$2" -unit="$3" \
    -base "$fixtures/$1-$4.pb.gz" "$fixtures/$1-$5.pb.gz" > "$here/$1-$4-$5.$2.txt" 2>/dev/null
}

for to in 2 3 4 5 6; do
  from=$((to - 1))
  table allocs alloc_space byte "$from" "$to"
  table allocs alloc_objects count "$from" "$to"
  for kind in mutex block; do
    table "$kind" contentions count "$from" "$to"
    table "$kind" delay ns "$from" "$to"
  done
  table threadcreate threadcreate count "$from" "$to"
done
ls "$here"/*.txt | wc -l | xargs echo "golden files written:"
