#!/usr/bin/env bash
# Benchmark: `secrets guard` (the pre-commit hook) over N staged .env.enc files, every MAC verified
# with the key present, against a loop of one `./secrets decrypt FILE` process per file (what a hook
# checking each file with its own process would cost), in the same run on the same machine. The loop
# is timed on LOOP files and scaled to N. Usage: bench/guard.sh [N=200] [LOOP=20] [RUNS=3]
# With BENCH_RESULT=FILE it also appends a RESULT line for bench/run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-200}"; loop="${2:-20}"; runs="${3:-3}"
secrets="$here/secrets"
work="${BENCH_DIR:-$(mktemp -d)}"; [[ -n "${BENCH_KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT
"$secrets" --version >/dev/null   # builds the jar if needed, outside the timings
command -v git >/dev/null || { echo "guard: git is not installed; skipped" >&2; exit 0; }

"$secrets" keygen -o "$work/key.txt" 2>/dev/null
export SOPS_AGE_KEY_FILE="$work/key.txt"
repo="$work/repo"; mkdir -p "$repo/svc0000"
git -C "$repo" init -q
printf 'creation_rules:\n  - path_regex: (^|/)\\.env\\.enc$\n    age: %s\n' "$(sed -n 's/^# public key: //p' "$work/key.txt")" > "$repo/.sops.yaml"
printf 'DB_PASSWORD=bench-password\nAPI_TOKEN=0123456789abcdef\nDB_USER=app\nPORT=5432\n' > "$repo/svc0000/.env"
"$secrets" encrypt "$repo/svc0000" >/dev/null 2>&1
for i in $(seq 1 $((n - 1))); do
  d="$repo/$(printf 'svc%04d' "$i")"; mkdir -p "$d"; cp "$repo/svc0000/.env.enc" "$d/"
done
# every file its own data key and ciphertext (one process), so git stores N distinct blobs
"$secrets" rotate --all --root "$repo" --no-backup >/dev/null 2>&1
git -C "$repo" add -A
staged=$(git -C "$repo" diff --cached --name-only | grep -c '\.env\.enc$')
[[ "$staged" == "$n" ]] || { echo "guard: $staged files staged, expected $n" >&2; exit 1; }

now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }
echo "guard over $n staged .env.enc files (MACs verified), $(nproc) cores, $(java -version 2>&1 | head -1)"
guards=()
for r in $(seq 1 "$runs"); do
  t0=$(now); (cd "$repo" && "$secrets" guard 2>"$work/guard.err"); t1=$(now)
  grep -q "$n sops file(s) staged, MAC verified for $n" "$work/guard.err" || { cat "$work/guard.err" >&2; exit 1; }
  guards+=("$(calc "$t1 - $t0")")
  printf '  guard run %d: %.2f s\n' "$r" "${guards[-1]}"
done
loops=()
for r in $(seq 1 "$runs"); do
  t0=$(now)
  for i in $(seq 1 "$loop"); do "$secrets" decrypt "$repo/$(printf 'svc%04d' "$i")/.env.enc" >/dev/null; done
  t1=$(now)
  loops+=("$(calc "($t1 - $t0) * $n / $loop")")
  printf '  loop run %d: %d files in %.2f s, scaled to %d files: %.1f s\n' "$r" "$loop" "$(calc "$t1 - $t0")" "$n" "${loops[-1]}"
done
stats() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "median %.2f s (min %.2f, max %.2f)", a[int((NR+1)/2)], a[1], a[NR]}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "guard:                  $(stats "${guards[@]}")"
echo "loop (scaled to $n):   $(stats "${loops[@]}")"
printf 'speed-up (median/median): %.1fx\n' "$(calc "$(median "${loops[@]}") / $(median "${guards[@]}")")"
if [[ -n "${BENCH_RESULT:-}" ]]; then
  source "$here/bench/lib.sh"
  read -r gmed gmin gmax <<<"$(bench_stats "${guards[*]}")"
  read -r lmed lmin lmax <<<"$(bench_stats "${loops[*]}")"
  read -r qmed qmin qmax <<<"$(bench_stats "$(bench_ratios "${loops[*]}" "${guards[*]}")")"
  echo "RESULT guard n=$n loop=$loop runs=$runs ours=$gmed,$gmin,$gmax ref=$lmed,$lmin,$lmax ratio=$(calc "$lmed / $gmed"),$qmin,$qmax" >> "$BENCH_RESULT"
fi
