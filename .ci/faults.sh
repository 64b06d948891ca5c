#!/usr/bin/env bash
# Fault injection for sweeps (issue 16): kill -9 at random points then
# --resume, a disk that fills (small tmpfs), a read-only folder, two --resumes
# of one folder at once, a base file edited between a kill and --resume.
# Each must lose nothing and mix nothing: the finished folder equals an
# uninterrupted sweep byte for byte, or the command refuses with exit 2.
# Mounts need root (CI runs as root); without it those checks are skipped,
# saying so. Exits 1 if any check fails. Usage: bash .ci/faults.sh
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
S=(node "$ROOT/packages/cli/bin/shopsim.js")
T=$(mktemp -d)
MOUNTS=()
cleanup() { for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
pass=0 fail=0 skip=0
ok() { echo "faults: ok    $1"; pass=$((pass + 1)); }
bad() { echo "faults: FAIL  $1" >&2; fail=$((fail + 1)); }
skipped() { echo "faults: skip  $1"; skip=$((skip + 1)); }
same() { for f in runs.jsonl runs.csv summary.json sensitivity.json; do cmp -s "$1/$f" "$2/$f" || return 1; done; }
rows() { [ -f "$1/runs.jsonl" ] && wc -l < "$1/runs.jsonl" || echo 0; }
mount_tmpfs() { mkdir -p "$2" && mount -t tmpfs -o "$1" tmpfs "$2" 2>/dev/null && MOUNTS+=("$2"); }

SIZE=(--shoppers 200 --days 10 --workers 1 --quiet)
SWEEP=(sweep --set levers.warehouseShare=0.2,0.4,0.6,0.8 --seeds 1,2,3,4,5 "${SIZE[@]}")
"${S[@]}" "${SWEEP[@]}" --out "$T/ref" > /dev/null || { bad "the reference sweep did not run"; exit 1; }

# Starts a sweep in the background and kill -9s it once it has written $3 rows.
kill_after() {
  local out=$1 rows_wanted=$3
  shift 3
  "${S[@]}" "$@" --out "$out" > /dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 3000); do
    [ "$(rows "$out")" -ge "$rows_wanted" ] && break
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.05
  done
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
}

# 1. kill -9 at random points (twice in a row for the last), then --resume.
for k in 1 2 3; do
  d="$T/kill$k" n=$((RANDOM % 18 + 1))
  kill_after "$d" x "$n" "${SWEEP[@]}"
  [ "$k" = 3 ] && kill_after "$d" x $((n + 1)) "${SWEEP[@]}" --resume
  if "${S[@]}" "${SWEEP[@]}" --out "$d" --resume > /dev/null 2>&1 && same "$d" "$T/ref"; then
    ok "kill -9 after $n runs, then --resume: the same files as an uninterrupted sweep"
  else bad "kill -9 after $n runs, then --resume: results differ from the uninterrupted sweep"; fi
done

# 2. A disk that fills mid-sweep: exit 1, nothing torn; finished elsewhere, the same files.
if mount_tmpfs size=48k "$T/small"; then
  msg=$("${S[@]}" "${SWEEP[@]}" --out "$T/small/out" 2>&1 > /dev/null); code=$?
  cp -r "$T/small/out" "$T/moved"
  if [ "$code" = 1 ] && [[ "$msg" == *"no space left"*"--resume"* ]] && [ "$(echo "$msg" | wc -l)" = 1 ] \
    && "${S[@]}" "${SWEEP[@]}" --out "$T/moved" --resume > /dev/null 2>&1 && same "$T/moved" "$T/ref"; then
    ok "full disk: exit 1 saying what was kept; --resume on another disk gives the same files"
  else bad "full disk: exit $code, message: $msg"; fi
else skipped "full disk: cannot mount a tmpfs here (not root?)"; fi

# 3. A read-only folder: exit 2, one line.
if mount_tmpfs ro,size=16k "$T/ro"; then
  msg=$("${S[@]}" "${SWEEP[@]}" --out "$T/ro/out" 2>&1 > /dev/null); code=$?
  if [ "$code" = 2 ] && [[ "$msg" == *"read-only"* ]]; then ok "read-only folder: exit 2, one line"; else bad "read-only folder: exit $code, message: $msg"; fi
else skipped "read-only folder: cannot mount a tmpfs here (not root?)"; fi

# 4. Two --resumes of one folder at once: the second exits 2 naming the first; the first finishes alone.
d="$T/twice"
LONG=(sweep --set levers.warehouseShare=0.2,0.4,0.6,0.8 --seeds 1,2,3,4,5 --shoppers 100000 --days 365 --workers 1 --quiet)
"${S[@]}" "${LONG[@]}" --out "$d" --resume > /dev/null 2>&1 &
first=$!
for _ in $(seq 3000); do [ -f "$d/.shopsim.lock" ] && break; sleep 0.05; done
msg=$("${S[@]}" "${LONG[@]}" --out "$d" --resume 2>&1 > /dev/null); code=$?
wait "$first"; first_code=$?
if [ "$code" = 2 ] && [[ "$msg" == *"in use by another shopsim"* ]] && [ "$first_code" = 0 ] && [ "$(rows "$d")" = 20 ] && [ ! -e "$d/.shopsim.lock" ]; then
  ok "concurrent --resume: the second exits 2 naming the first, which finishes alone"
else bad "concurrent --resume: second exit $code ($msg), first exit $first_code, $(rows "$d") rows"; fi

# 5. A base edited between a kill and --resume: refused, the rows already there untouched.
mkdir -p "$T/files"
printf 'extends: %s/scenarios/2024.yaml\nmemberShare: 0.2\n' "$ROOT" > "$T/files/base.yaml"
printf 'extends: ./base.yaml\nname: top\n' > "$T/files/top.yaml"
BASED=(sweep "$T/files/top.yaml" --set levers.warehouseShare=0.2,0.4,0.6,0.8 --seeds 1,2,3,4,5 "${SIZE[@]}")
"${S[@]}" "${BASED[@]}" --out "$T/based-ref" > /dev/null 2>&1
kill_after "$T/based" x 5 "${BASED[@]}"
before=$(sha256sum < "$T/based/runs.jsonl")
sed -i 's/memberShare: 0.2/memberShare: 0.3/' "$T/files/base.yaml"
msg=$("${S[@]}" "${BASED[@]}" --out "$T/based" --resume 2>&1 > /dev/null); code=$?
after=$(sha256sum < "$T/based/runs.jsonl")
sed -i 's/memberShare: 0.3/memberShare: 0.2/' "$T/files/base.yaml"
if [ "$code" = 2 ] && [[ "$msg" == *"different sweep"* ]] && [ "$before" = "$after" ] \
  && "${S[@]}" "${BASED[@]}" --out "$T/based" --resume > /dev/null 2>&1 && same "$T/based" "$T/based-ref"; then
  ok "edited base between kill and --resume: refused, nothing mixed; with the base restored it finishes the same"
else bad "edited base between kill and --resume: exit $code ($msg)"; fi

echo "faults: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
