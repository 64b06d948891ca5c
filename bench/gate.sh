#!/usr/bin/env bash
# The benchmark gate (CI's step 2, and `pnpm bench:gate` for anyone): the
# commit named in bench/baseline.json is checked out beside this one,
# installed from pnpm's store, and measured on this machine in alternating
# processes with the code here (shopsim bench --quick --against). Figures
# stored in bench/baseline.json were measured on another machine and only
# stand in when the baseline commit is not in this clone (a shallow clone, a
# tarball): on a machine with other caches the engine's ratios move by 40%
# with no change of code, so against stored figures only a gross regression
# (beyond 50%) fails.
# To move the baseline: `pnpm bench:baseline` on a quiet machine, commit.
set -uo pipefail
cd "$(dirname "$0")/.."
PNPM="${PNPM:-npx -y pnpm@10.34.9}"
base="$(node -p 'require("./bench/baseline.json").commit || ""')"
dir=""
cleanup() { [ -n "$dir" ] && git worktree remove --force "$dir" >/dev/null 2>&1; [ -n "$dir" ] && rm -rf "$(dirname "$dir")"; }
trap cleanup EXIT
if [ -n "$base" ] && git cat-file -e "$base^{commit}" 2>/dev/null; then
  dir="$(mktemp -d)/baseline"
  if git worktree add --detach --quiet "$dir" "$base" \
    && (cd "$dir" && $PNPM install --frozen-lockfile --offline --reporter=silent >/dev/null 2>&1 || $PNPM install --frozen-lockfile --reporter=silent >/dev/null); then
    echo "bench gate: this code against the baseline commit ${base:0:7}, both measured on this machine"
    $PNPM bench --quick --against "$dir"
    exit $?
  fi
  echo "bench gate: could not check out and install ${base:0:7}" >&2
else
  echo "bench gate: the baseline commit ${base:-(none)} is not in this clone" >&2
fi
echo "bench gate: comparing with the figures stored in bench/baseline.json, measured on another machine: only a regression beyond 50% fails" >&2
$PNPM bench --quick --compare bench/baseline.json --threshold 0.5
