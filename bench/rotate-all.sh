#!/usr/bin/env bash
# Benchmark: `secrets rotate --all` over N generated services (three age recipients each) against
# `./secrets rotate FILE -i` run once per file in a loop, in the same run on the same machine.
# The loop is measured on a subset (LOOP files) and scaled to N, as one process per file costs the
# same for every file. Usage: bench/rotate-all.sh [N=500] [LOOP=50] [RUNS=3]
# With BENCH_RESULT=FILE it also appends a RESULT line for bench/run (run i of the loop is paired
# with run i of rotate --all for the speed-up's spread).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-500}"; loop="${2:-50}"; runs="${3:-3}"
secrets="$here/secrets"
work="${BENCH_DIR:-$(mktemp -d)}"; [[ -n "${BENCH_KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT
"$secrets" --version >/dev/null   # builds the jar if needed, outside the timings

# three recipients; the first key opens the files
for k in 1 2 3; do "$secrets" keygen -o "$work/k$k.txt" 2>/dev/null; done
pub() { sed -n 's/^# public key: //p' "$work/k$1.txt"; }
repo="$work/repo"; mkdir -p "$repo/svc0000"
printf 'creation_rules:\n  - path_regex: \\.env\\.enc$\n    age: %s,%s,%s\n' "$(pub 1)" "$(pub 2)" "$(pub 3)" > "$repo/.sops.yaml"
printf 'DB_PASSWORD=bench-password\nAPI_TOKEN=0123456789abcdef\nDB_USER=app\nPORT=5432\n' > "$repo/svc0000/.env"
export SOPS_AGE_KEY_FILE="$work/k1.txt"
"$secrets" encrypt "$repo/svc0000" >/dev/null 2>&1
# one encrypted file copied to every service: each is rotated on its own (own new data key)
for i in $(seq 0 $((n - 1))); do
  d="$repo/$(printf 'svc%04d' "$i")"; mkdir -p "$d"; [[ $i == 0 ]] || cp "$repo/svc0000/.env.enc" "$d/"
  printf 'services: {}\n' > "$d/docker-compose.yml"
done

now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }
echo "rotate --all over $n services (3 recipients each), $(nproc) cores, $(java -version 2>&1 | head -1)"
all=()
for r in $(seq 1 "$runs"); do
  t0=$(now); "$secrets" rotate --all --root "$repo" >/dev/null; t1=$(now)
  all+=("$(calc "$t1 - $t0")")
  printf '  rotate --all run %d: %.2f s\n' "$r" "${all[-1]}"
done
loops=()
for r in $(seq 1 "$runs"); do
  t0=$(now)
  for i in $(seq 1 "$loop"); do "$secrets" rotate "$repo/$(printf 'svc%04d' "$i")/.env.enc" -i >/dev/null; done
  t1=$(now)
  loops+=("$(calc "($t1 - $t0) * $n / $loop")")
  printf '  loop run %d: %d files in %.2f s, scaled to %d files: %.1f s\n' "$r" "$loop" "$(calc "$t1 - $t0")" "$n" "${loops[-1]}"
done
stats() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "median %.2f s (min %.2f, max %.2f)", a[int((NR+1)/2)], a[1], a[NR]}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "rotate --all:           $(stats "${all[@]}")"
echo "loop (scaled to $n):   $(stats "${loops[@]}")"
printf 'speed-up (median/median): %.1fx\n' "$(calc "$(median "${loops[@]}") / $(median "${all[@]}")")"
if [[ -n "${BENCH_RESULT:-}" ]]; then
  source "$here/bench/lib.sh"
  read -r amed amin amax <<<"$(bench_stats "${all[*]}")"
  read -r lmed lmin lmax <<<"$(bench_stats "${loops[*]}")"
  read -r qmed qmin qmax <<<"$(bench_stats "$(bench_ratios "${loops[*]}" "${all[*]}")")"
  echo "RESULT rotate_all n=$n loop=$loop runs=$runs ours=$amed,$amin,$amax ref=$lmed,$lmin,$lmax ratio=$(calc "$lmed / $amed"),$qmin,$qmax" >> "$BENCH_RESULT"
fi
