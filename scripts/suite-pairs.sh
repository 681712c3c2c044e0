#!/usr/bin/env bash
# Issue 18 item 8: the whole suite, ROUNDS times, each time with a second copy running beside
# it (two worktrees of REV, each with its own venv through ./test; one PostgreSQL server when
# ICES_TEST_POSTGRES_URL is set, each run naming its own schemas). Results: OUT/pairs.txt.
#   scripts/suite-pairs.sh [REV] [ROUNDS] [OUT]
set -uo pipefail
cd "$(dirname "$0")/.."
REV=${1:-HEAD}; ROUNDS=${2:-5}; OUT=${3:-/tmp/suite-pairs}
# the copies sit beside this checkout: the tests read the spec at ../shared/spec
WT="$(dirname "$PWD")/suite-pairs"
mkdir -p "$OUT"
for w in a b; do
  git worktree remove --force "$WT-$w" 2>/dev/null
  git worktree add -q --detach "$WT-$w" "$REV"
done
for round in $(seq 1 "$ROUNDS"); do
  start=$(date +%s)
  for w in a b; do
    (cd "$WT-$w" && ./test -p no:cacheprovider > "$OUT/round-$round-$w.log" 2>&1
     echo "rc=$?" >> "$OUT/round-$round-$w.log") &
  done
  wait
  for w in a b; do
    echo "round $round copy $w: $(tail -2 "$OUT/round-$round-$w.log" | tr '\n' ' ')" \
         "wall $(( $(date +%s) - start )) s" >> "$OUT/pairs.txt"
  done
done
for w in a b; do git worktree remove --force "$WT-$w"; done
