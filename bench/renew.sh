#!/usr/bin/env bash
# Benchmark: `secrets renew KEY -y` of a key shared by N services against one
# `./secrets generate SERVICE KEY --type T --force` per service in a loop (what renew replaces),
# in the same run on the same machine. The loop is timed on LOOP services and scaled to N (one
# process per file costs the same for every file). Backups on for renew, as by default.
# Usage: bench/renew.sh [N=200] [LOOP=20] [RUNS=3]   (target: renew under 3 s and >= 20x the loop)
# With BENCH_RESULT=FILE it also appends a RESULT line in bench/run's format.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-200}"; loop="${2:-20}"; runs="${3:-3}"
secrets="$here/secrets"
work="${BENCH_DIR:-$(mktemp -d)}"; [[ -n "${BENCH_KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT
"$secrets" --version >/dev/null   # builds the jar if needed, outside the timings

"$secrets" keygen -o "$work/k.txt" 2>/dev/null
repo="$work/repo"; mkdir -p "$repo"
printf 'creation_rules:\n  - path_regex: \\.env\\.enc$\n    age: %s\n' "$(sed -n 's/^# public key: //p' "$work/k.txt")" > "$repo/.sops.yaml"
export SOPS_AGE_KEY_FILE="$work/k.txt"
# one encrypted file copied to every service (renew opens, changes and writes each on its own)
d0="$repo/svc0000"; mkdir -p "$d0"
printf 'DB_PASSWORD=bench-password\nSHARED_TOKEN=old\nPORT=5432\n' > "$d0/.env"
"$secrets" encrypt "$d0" >/dev/null 2>&1
for i in $(seq 0 $((n - 1))); do
  d="$repo/$(printf 'svc%04d' "$i")"; mkdir -p "$d"; [[ $i == 0 ]] || cp "$d0/.env.enc" "$d/"
  printf 'services: {}\n' > "$d/docker-compose.yml"
done

now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }
echo "renew of a key shared by $n services, $(nproc) cores, $(java -version 2>&1 | head -1)"
ours=()
for r in $(seq 1 "$runs"); do
  t0=$(now); "$secrets" renew SHARED_TOKEN -y --type hex:40 --root "$repo" >/dev/null; t1=$(now)
  ours+=("$(calc "$t1 - $t0")")
  printf '  renew run %d: %.2f s\n' "$r" "${ours[-1]}"
done
loops=()
for r in $(seq 1 "$runs"); do
  t0=$(now)
  for i in $(seq 1 "$loop"); do
    "$secrets" generate "$repo/$(printf 'svc%04d' "$i")" SHARED_TOKEN --type hex:40 --force >/dev/null
  done
  t1=$(now)
  loops+=("$(calc "($t1 - $t0) * $n / $loop")")
  printf '  loop run %d: %d services in %.2f s, scaled to %d: %.1f s\n' "$r" "$loop" "$(calc "$t1 - $t0")" "$n" "${loops[-1]}"
done
source "$here/bench/lib.sh"
read -r omed omin omax <<<"$(bench_stats "${ours[*]}")"
read -r lmed lmin lmax <<<"$(bench_stats "${loops[*]}")"
read -r qmed qmin qmax <<<"$(bench_stats "$(bench_ratios "${loops[*]}" "${ours[*]}")")"
echo "renew:                 median $omed s (min $omin, max $omax)"
echo "loop (scaled to $n):  median $lmed s (min $lmin, max $lmax)"
printf 'speed-up (median/median): %.1fx (per run %s..%s); load average %s\n' "$(calc "$lmed / $omed")" "$qmin" "$qmax" \
  "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
if [[ -n "${BENCH_RESULT:-}" ]]; then
  echo "RESULT renew n=$n loop=$loop runs=$runs ours=$omed,$omin,$omax ref=$lmed,$lmin,$lmax ratio=$(calc "$lmed / $omed"),$qmin,$qmax" >> "$BENCH_RESULT"
fi
