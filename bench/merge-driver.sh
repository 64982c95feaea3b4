#!/usr/bin/env bash
# The git merge driver (secrets git merge %O %A %B %P) on a 50-key .env.enc against one decrypt of
# the same file, alternating in the same run: a merge opens three versions and writes one, in one
# JVM, so its cost over a decrypt is the two extra opens and the write (target <= 1.5x).
# Prints median and spread in ms and the ratio; with BENCH_RESULT=FILE appends a RESULT line.
#   bench/merge-driver.sh [runs]   (default 15)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-15}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$here/bench/lib.sh"
"$here/secrets" --version >/dev/null
export SOPS_AGE_KEY_FILE="$here/testdata/keys/test-only-age-key.txt"
recipient="$(sed -n 's/^# public key: //p' "$SOPS_AGE_KEY_FILE")"
for i in $(seq -w 1 50); do echo "KEY_$i=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"; done > "$work/.env"
mkdir -p "$work/svc"
"$here/secrets" encrypt --age "$recipient" --input-type dotenv --output-type dotenv "$work/.env" > "$work/base"
cp "$work/base" "$work/svc/.env.enc"
"$here/secrets" set "$work/svc/.env.enc" KEY_01 '"ours"' && cp "$work/svc/.env.enc" "$work/ours"
cp "$work/base" "$work/svc/.env.enc"
"$here/secrets" set "$work/svc/.env.enc" KEY_50 '"theirs"' && cp "$work/svc/.env.enc" "$work/theirs"

merge=""; decrypt=""
for ((r = -1; r < runs; r++)); do
  cp "$work/ours" "$work/a"
  t0=$(bench_now_ms)
  "$here/secrets" git merge "$work/base" "$work/a" "$work/theirs" svc/.env.enc >/dev/null
  t1=$(bench_now_ms)
  "$here/secrets" decrypt --input-type dotenv --output-type dotenv "$work/ours" >/dev/null
  t2=$(bench_now_ms)
  (( r >= 0 )) && merge+="$(( t1 - t0 )) " && decrypt+="$(( t2 - t1 )) "
done
"$here/secrets" decrypt --input-type dotenv --output-type dotenv "$work/a" | grep -q '^KEY_01=ours$'
"$here/secrets" decrypt --input-type dotenv --output-type dotenv "$work/a" | grep -q '^KEY_50=theirs$'
read -r mmed mmin mmax <<<"$(bench_stats "$merge")"
read -r dmed dmin dmax <<<"$(bench_stats "$decrypt")"
read -r qmed qmin qmax <<<"$(bench_stats "$(bench_ratios "$merge" "$decrypt")")"
printf 'git merge driver, 50-key .env.enc: %s ms (%s..%s) vs decrypt %s ms (%s..%s): %.2fx (%.2f..%.2f), target <= 1.5x\n' \
  "$mmed" "$mmin" "$mmax" "$dmed" "$dmin" "$dmax" "$(awk -v a="$mmed" -v b="$dmed" 'BEGIN { print a / b }')" "$qmin" "$qmax"
[[ -n "${BENCH_RESULT:-}" ]] && echo "RESULT merge_driver ours=$mmed,$mmin,$mmax ref=$dmed,$dmin,$dmax ratio=$(awk -v a="$mmed" -v b="$dmed" 'BEGIN { printf "%.3f", a / b }'),$qmin,$qmax" >> "$BENCH_RESULT"
exit 0
