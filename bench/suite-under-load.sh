#!/usr/bin/env bash
# Runs the README's test command RUNS times in a row while HOGS CPU-bound
# processes run beside it (issue 15: the suite must pass every time on a
# busy machine, because it asserts no wall time, speed ratio or load).
# Prints one markdown row per run and a summary line, for bench/README.md.
#   bash bench/suite-under-load.sh [RUNS=10] [HOGS=2] [vitest filters...]
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
hogs="${2:-2}"
shift $(( $# < 2 ? $# : 2 ))
pnpm_cmd="npx -y pnpm@10.34.9"
tmp="$(mktemp -d)"
hog_pids=()
stop_hogs() { [ ${#hog_pids[@]} -gt 0 ] && kill "${hog_pids[@]}" 2>/dev/null; rm -rf "$tmp"; }
trap stop_hogs EXIT
trap 'exit 130' INT TERM

for _ in $(seq "$hogs"); do
  # A plain busy loop: full CPU, no memory or I/O, never niced.
  node -e 'let x = 0; for (;;) x = (x + 1) | 0;' &
  hog_pids+=("$!")
done

echo "commit $(git rev-parse --short HEAD), $(nproc) cores, $hogs CPU-bound processes beside the suite, $(date -u +%FT%TZ)"
echo "| run | tests passed | failed | skipped | wall (s) | load average at end |"
echo "|---|---|---|---|---|---|"
green=0
for i in $(seq "$runs"); do
  report="$tmp/run-$i.json"
  start=$(date +%s%N)
  $pnpm_cmd test "$@" --reporter=json --outputFile.json="$report" >"$tmp/run-$i.log" 2>&1
  code=$?
  wall=$(( ($(date +%s%N) - start) / 1000000000 ))
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  if [ -f "$report" ]; then
    read -r passed failed skipped < <(node -e '
      const r = require(process.argv[1]);
      console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests);
    ' "$report")
  else
    passed=0 failed="?" skipped="?"
  fi
  [ "$code" -eq 0 ] && [ "$failed" = 0 ] && green=$((green + 1))
  printf '| %d | %s | %s | %s | %d | %s |\n' "$i" "$passed" "$failed" "$skipped" "$wall" "$load"
  if [ "$code" -ne 0 ]; then
    grep -E "FAIL|✗|×" "$tmp/run-$i.log" | head -20 | sed 's/^/    /'
  fi
done
echo "passed $green of $runs runs"
[ "$green" -eq "$runs" ]
