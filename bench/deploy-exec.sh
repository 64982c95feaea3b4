#!/usr/bin/env bash
# deploy --dry-run and exec-env of the bundled example service against the bare JVM start
# (../shared/bench/Floor.java on the same java), alternating in the same run, each with the audit log
# on (the default: one JSON line appended per run, to a throwaway log) and off (SECRETS_AUDIT=off).
# Prints median and spread (min..max) in ms and the ratio of medians with per-round ratios min..max;
# with BENCH_RESULT=FILE also appends RESULT lines for bench/run.
#   bench/deploy-exec.sh [runs]   (default 15 rounds; JAVA=... picks the java)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-15}"
shared="${SECRETS_SHARED_DIR:-$here/../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$here/bench/lib.sh"
[[ -f "$shared/bench/Floor.java" ]] || { echo "Floor.java: not found in $shared/bench (SECRETS_SHARED_DIR)" >&2; exit 1; }

java="$(readlink -f "$(command -v "${JAVA:-java}")")"
export JAVA="$java"
"$here/secrets" --version >/dev/null   # builds the jar and this java's archive outside the timing
"$(dirname "$java")/javac" -d "$work/floor" "$shared/bench/Floor.java"
export SOPS_AGE_KEY_FILE="$here/testdata/keys/test-only-age-key.txt"
export SECRETS_AUDIT_LOG="$work/audit.log"
caddy="$here/testdata/caddy"

declare -A times
# Wall time, and CPU time (user + sys of the process and its children, from bash's time): on a shared
# machine under load the wall time mostly measures the wait for a core, the CPU time much less so.
measure() { # name, command...
  local name="$1"; shift
  local t0 cpu; t0=$(bench_now_ms)
  cpu="$( { TIMEFORMAT='%3U %3S'; time "$@" >/dev/null 2>&1 || echo "FAILED" ; } 2>&1 )"
  [[ "$cpu" == *FAILED* ]] && { echo "FAILED: $name: $*" >&2; exit 1; }
  times[$name]+="$(( $(bench_now_ms) - t0 )) "
  times[cpu_$name]+="$(awk '{ printf "%d", ($1 + $2) * 1000 }' <<<"$cpu") "
}
for ((r = -1; r < runs; r++)); do   # round -1 warms the page cache and is not counted
  [[ $r == 0 ]] && times=()
  measure floor "$java" -cp "$work/floor" Floor
  measure dryrun "$here/secrets" deploy "$caddy" --dry-run
  measure exec "$here/secrets" exec-env "$caddy" -- true
  measure dryrun_off env SECRETS_AUDIT=off "$here/secrets" deploy "$caddy" --dry-run
  measure exec_off env SECRETS_AUDIT=off "$here/secrets" exec-env "$caddy" -- true
done
"$here/secrets" audit --verify >/dev/null   # every timed run appended a line, and the chain holds
echo "== $("$java" -version 2>&1 | head -1), $runs rounds, load $(cut -d' ' -f1-3 /proc/loadavg) (ms: median min..max; ratio of medians, per-round ratios min..max)"
row() { # id, label, ours, reference
  read -r omed omin omax <<<"$(bench_stats "${times[$3]}")"
  read -r rmed rmin rmax <<<"$(bench_stats "${times[$4]}")"
  read -r qmed qmin qmax <<<"$(bench_stats "$(bench_ratios "${times[$3]}" "${times[$4]}")")"
  printf '%-44s %5s %5s..%-5s  vs %5s %5s..%-5s  %6.2fx (%.2f..%.2f)\n' "$2" "$omed" "$omin" "$omax" "$rmed" "$rmin" "$rmax" \
    "$(awk -v a="$omed" -v b="$rmed" 'BEGIN { print a / b }')" "$qmin" "$qmax"
  [[ -n "${BENCH_RESULT:-}" ]] && echo "RESULT $1 ours=$omed,$omin,$omax ref=$rmed,$rmin,$rmax ratio=$(awk -v a="$omed" -v b="$rmed" 'BEGIN { printf "%.3f", a / b }'),$qmin,$qmax" >> "$BENCH_RESULT"
  return 0
}
echo "-- wall time"
row dryrun_audit_floor "deploy --dry-run, audit on / bare JVM" dryrun floor
row exec_audit_floor "exec-env -- true, audit on / bare JVM" exec floor
row dryrun_floor "deploy --dry-run, audit off / bare JVM" dryrun_off floor
row exec_floor "exec-env -- true, audit off / bare JVM" exec_off floor
row dryrun_audit_cost "deploy --dry-run: audit on / off" dryrun dryrun_off
row exec_audit_cost "exec-env: audit on / off" exec exec_off
echo "-- CPU time (user + sys)"
row cpu_dryrun_audit_floor "deploy --dry-run, audit on / bare JVM" cpu_dryrun cpu_floor
row cpu_exec_audit_floor "exec-env -- true, audit on / bare JVM" cpu_exec cpu_floor
row cpu_dryrun_floor "deploy --dry-run, audit off / bare JVM" cpu_dryrun_off cpu_floor
row cpu_exec_floor "exec-env -- true, audit off / bare JVM" cpu_exec_off cpu_floor
row cpu_dryrun_audit_cost "deploy --dry-run: audit on / off" cpu_dryrun cpu_dryrun_off
row cpu_exec_audit_cost "exec-env: audit on / off" cpu_exec cpu_exec_off
