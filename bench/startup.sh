#!/usr/bin/env bash
# Start-up benchmark (issues 2, 3 and 5): whole CLI processes against the bare JVM start, i.e.
# ../shared/bench/Floor.java compiled once and run on the same java, alternating with the CLI in
# the same run. Prints median and spread (min..max) in ms and the ratio of medians.
#   bench/startup.sh [runs]        (default 15 runs per command; JAVA=... to pick the java)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-15}"
shared="${SECRETS_SHARED_DIR:-$here/../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

javas=("${JAVA:-java}")
[[ -z "${JAVA:-}" ]] && for j in /usr/lib/jvm/temurin-25*/bin/java; do [[ -x "$j" ]] && javas+=("$j"); done

"$here/secrets" --version >/dev/null   # build the jar and the archive of the default java first
export SOPS_AGE_KEY_FILE="$here/testdata/keys/test-only-age-key.txt"
recipient="$(sed -n 's/^# public key: //p' "$SOPS_AGE_KEY_FILE")"
for i in $(seq -w 1 50); do echo "KEY_$i=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"; done > "$work/50.env"
"$here/secrets" encrypt --age "$recipient" "$work/50.env" > "$work/50.env.enc"

now() { date +%s%N; }
declare -A times
measure() { # name, command...
  local name="$1"; shift
  local t0; t0=$(now)
  "$@" >/dev/null 2>&1 || { echo "FAILED: $name: $*" >&2; exit 1; }
  times[$name]+="$(( ($(now) - t0) / 1000000 )) "
}
stats() { # prints "median min max"
  tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)], a[1], a[NR]}'
}

for java in "${javas[@]}"; do
  java="$(readlink -f "$(command -v "$java")")"
  v="$("$java" -version 2>&1 | head -1)"
  floor="$work/floor-$(basename "$(dirname "$(dirname "$java")")")"
  mkdir -p "$floor"
  "$(dirname "$java")/javac" -d "$floor" "$shared/bench/Floor.java"
  export JAVA="$java"
  "$here/secrets" --version >/dev/null   # makes this java's archive (training run) outside the timing
  times=()
  for ((r = 0; r < runs; r++)); do
    measure floor "$java" -cp "$floor" Floor
    measure decrypt50 "$here/secrets" decrypt --input-type dotenv --output-type dotenv "$work/50.env.enc"
    measure floor "$java" -cp "$floor" Floor
    measure encrypt50 "$here/secrets" encrypt --age "$recipient" "$work/50.env"
    measure floor "$java" -cp "$floor" Floor
    measure dryrun "$here/secrets" deploy "$here/testdata/caddy" --dry-run
  done
  read -r fmed fmin fmax <<<"$(stats "${times[floor]}")"
  echo "== $v ($runs runs each, ms: median min..max)"
  printf '%-28s %5s %5s..%-5s %s\n' "bare JVM start (Floor)" "$fmed" "$fmin" "$fmax" "1.00x"
  for name in decrypt50 encrypt50 dryrun; do
    read -r med min max <<<"$(stats "${times[$name]}")"
    label=$name; [[ $name == decrypt50 ]] && label="decrypt 50-key .env.enc"
    [[ $name == encrypt50 ]] && label="encrypt 50-key .env"
    [[ $name == dryrun ]] && label="deploy caddy --dry-run"
    printf '%-28s %5s %5s..%-5s %s\n' "$label" "$med" "$min" "$max" "$(awk -v a="$med" -v b="$fmed" 'BEGIN{printf "%.2fx", a/b}')"
  done
done
