#!/usr/bin/env bash
# Whole-process benchmark (issues 2, 3, 5, 14 and 17): the CLI against references run as processes
# too, alternating with it in the same run, on the same machine:
#   - the bare JVM start: ../shared/bench/Floor.java compiled once, run on the same java (also for
#     the decrypt of a file wrapped for one post-quantum age1pq1 recipient, issue 17);
#   - the installed command (issue 14): the release runtime image's bin/secrets (its own jlink'ed
#     runtime) against the floor on the default java (the system's JDK 17); BENCH_INSTALLED=PATH
#     takes an installed command, else secrets-cli/target/release/secrets-*-linux-x64.tar.gz
#     (BENCH_TARBALL=FILE) is unpacked into the temp folder; skipped with a line when neither is there;
#   - age -d of the file's own age stanza (the data key alone: the floor for opening one file);
#   - the sops-age npm package decrypting the same files in node (where node and npm are there;
#     installed once into a cache folder outside the repository).
# Prints median and spread (min..max) in ms and ratios of medians; with BENCH_RESULT=FILE also
# appends machine-readable RESULT lines for bench/run (per-round ratios give the ratio's spread).
#   bench/startup.sh [runs]   (default 15 rounds; JAVA=... picks the java, else the default java
#                              and any JDK 25 under /usr/lib/jvm; BENCH_NODE=0 skips node)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-15}"
shared="${SECRETS_SHARED_DIR:-$here/../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$here/bench/lib.sh"

javas=("${JAVA:-java}")
[[ -z "${JAVA:-}" ]] && for j in /usr/lib/jvm/temurin-25*/bin/java; do [[ -x "$j" ]] && javas+=("$j"); done

"$here/secrets" --version >/dev/null   # build the jar and the archive of the default java first
export SOPS_AGE_KEY_FILE="$here/testdata/keys/test-only-age-key.txt"
recipient="$(sed -n 's/^# public key: //p' "$SOPS_AGE_KEY_FILE")"
for i in $(seq -w 1 50); do echo "KEY_$i=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"; done > "$work/50.env"
"$here/secrets" encrypt --age "$recipient" "$work/50.env" > "$work/50.env.enc"
# the same values wrapped for one post-quantum recipient (keygen --pq), opened with that identity only
"$here/secrets" keygen --pq -o "$work/pq-key.txt" 2>/dev/null
pq_recipient="$(sed -n 's/^# public key: //p' "$work/pq-key.txt")"
[[ "$pq_recipient" == age1pq1* ]] || { echo "keygen --pq: no age1pq1 public key in its output" >&2; exit 1; }
with_pq_key() { SOPS_AGE_KEY_FILE="$work/pq-key.txt" "$@"; }
"$here/secrets" encrypt --age "$pq_recipient" "$work/50.env" > "$work/50pq.env.enc"
with_pq_key "$here/secrets" decrypt --input-type dotenv --output-type dotenv "$work/50pq.env.enc" | cmp -s - "$work/50.env" \
  || { echo "post-quantum file: does not decrypt to its plaintext" >&2; exit 1; }
printf '%b' "$(sed -n 's/^sops_age__list_0__map_enc=//p' "$work/50pq.env.enc")" | sed '1d;$d' | base64 -d | grep -aq '^-> mlkem768x25519 ' \
  || { echo "post-quantum file: its age stanza is not mlkem768x25519" >&2; exit 1; }
# a ~1 MB YAML (10k values in 100 maps) for the node comparison
awk 'BEGIN { srand(7); for (g = 0; g < 100; g++) { printf "service_%d:\n", g;
  for (k = 0; k < 100; k++) { v = ""; for (c = 0; c < 74; c++) v = v substr("0123456789abcdef", int(rand() * 16) + 1, 1);
  printf "    key_%d: %s\n", k, v } } }' > "$work/1mb.yaml"
"$here/secrets" encrypt --age "$recipient" "$work/1mb.yaml" > "$work/1mb.enc.yaml"

# The file's own age stanza: the armored age file sops keeps in the metadata (\n-escaped in dotenv).
if command -v age >/dev/null; then
  printf '%b' "$(sed -n 's/^sops_age__list_0__map_enc=//p' "$work/50.env.enc")" > "$work/datakey.age"
  age -d -i "$SOPS_AGE_KEY_FILE" "$work/datakey.age" | wc -c | grep -qx 32 || { echo "age stanza: not a 32-byte data key" >&2; exit 1; }
else
  echo "age: not installed; the age row is skipped" >&2
fi

# sops-age (npm) in a cache folder outside the repository, installed once.
node_dir=""
if [[ "${BENCH_NODE:-1}" != 0 ]] && command -v node >/dev/null && command -v npm >/dev/null; then
  node_dir="$(sops_age_install)" || node_dir=""
  if [[ -n "$node_dir" ]]; then
    cat > "$node_dir/decrypt.mjs" <<'EOF'
// Decrypts a sops file with sops-age and prints the values (dotenv lines, or JSON). sops-age does
// not check the file's MAC.
import { decryptSops } from "sops-age";
import { readFileSync } from "node:fs";
const [file, fileType] = process.argv.slice(2);
const secretKey = readFileSync(process.env.SOPS_AGE_KEY_FILE, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"));
const values = await decryptSops(readFileSync(file, "utf8"), { secretKey, fileType });
process.stdout.write(fileType === "env" ? Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join("") : JSON.stringify(values) + "\n");
EOF
    node "$node_dir/decrypt.mjs" "$work/50.env.enc" env | cmp -s - <("$here/secrets" decrypt --input-type dotenv --output-type dotenv "$work/50.env.enc") \
      || { echo "sops-age: its output differs from ours on the same file; node rows skipped" >&2; node_dir=""; }
  fi
else
  echo "node/npm: not available (or BENCH_NODE=0); the sops-age rows are skipped" >&2
fi

# The installed command (issue 14): given, or the release tarball unpacked here. Its launcher runs
# the image's own runtime (JAVA is ignored there); XDG_CACHE_HOME is private to this run so that a
# JDK 17 image's first-start archive is not left behind in ~/.cache.
installed=""
if [[ -n "${BENCH_INSTALLED:-}" ]]; then
  installed="$(type -P "$BENCH_INSTALLED")" || { echo "BENCH_INSTALLED=$BENCH_INSTALLED: not an executable command" >&2; exit 1; }
  installed_what="$installed (given)"
else
  tarball="${BENCH_TARBALL:-$(ls -t "$here"/secrets-cli/target/release/secrets-*-linux-x64.tar.gz 2>/dev/null | head -1 || true)}"
  if [[ -n "$tarball" && -f "$tarball" ]]; then
    mkdir -p "$work/image"
    tar -C "$work/image" -xzf "$tarball"
    installed="$(ls "$work"/image/*/bin/secrets 2>/dev/null | head -1 || true)"
    [[ -n "$installed" ]] || echo "installed command: $tarball holds no */bin/secrets; the installed-command row is skipped" >&2
    installed_what="$(basename "$tarball") of $(date -u -r "$tarball" +%Y-%m-%dT%H:%MZ), unpacked in a temp folder"
  else
    echo "installed command: no runtime image (${tarball:-secrets-cli/target/release/secrets-*-linux-x64.tar.gz}: build it with mvn -B -P release -DskipTests package; or set BENCH_INSTALLED=PATH); the installed-command row is skipped" >&2
  fi
fi
if [[ -n "$installed" ]]; then
  image_home="$(readlink -f "$installed")"; image_home="${image_home%/bin/*}"
  runtime="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$image_home/lib/runtime/release" 2>/dev/null || true)"
  installed_what="$installed_what; runtime ${runtime:-of the machine (not an image)}; build-time AOT cache: $([[ -f "$image_home/lib/app/secrets.aot" ]] && echo yes || echo no)"
  run_installed() { XDG_CACHE_HOME="$work/cache" "$installed" "$@"; }
  # also its first start (a JDK 17 image trains its archive then), outside the timing
  run_installed decrypt --input-type dotenv --output-type dotenv "$work/50.env.enc" | cmp -s - "$work/50.env" \
    || { echo "installed command: $installed does not decrypt the 50-key file to its plaintext; row skipped" >&2; installed=""; }
fi

declare -A times
measure() { # name, command...
  local name="$1"; shift
  local t0; t0=$(bench_now_ms)
  "$@" >/dev/null 2>&1 || { echo "FAILED: $name: $*" >&2; exit 1; }
  times[$name]+="$(( $(bench_now_ms) - t0 )) "
}

first_java="$(readlink -f "$(command -v "${javas[0]}")")"
for java in "${javas[@]}"; do
  java="$(readlink -f "$(command -v "$java")")"
  v="$("$java" -version 2>&1 | head -1)"
  floor=""
  if [[ -f "$shared/bench/Floor.java" ]]; then
    floor="$work/floor-$(basename "$(dirname "$(dirname "$java")")")"
    mkdir -p "$floor"
    "$(dirname "$java")/javac" -d "$floor" "$shared/bench/Floor.java"
  else
    echo "Floor.java: not found in $shared/bench (SECRETS_SHARED_DIR); the bare-JVM rows are skipped" >&2
  fi
  export JAVA="$java"
  "$here/secrets" --version >/dev/null   # makes this java's archive (training run) outside the timing
  times=()
  for ((r = -1; r < runs; r++)); do   # round -1 warms the page cache and is not counted
    [[ $r == 0 ]] && times=()
    [[ -n "$floor" ]] && measure floor "$java" -cp "$floor" Floor
    measure decrypt50 "$here/secrets" decrypt --input-type dotenv --output-type dotenv "$work/50.env.enc"
    measure decrypt50pq with_pq_key "$here/secrets" decrypt --input-type dotenv --output-type dotenv "$work/50pq.env.enc"
    [[ -n "$installed" && "$java" == "$first_java" ]] && measure installed50 run_installed decrypt --input-type dotenv --output-type dotenv "$work/50.env.enc"
    command -v age >/dev/null && measure age age -d -i "$SOPS_AGE_KEY_FILE" "$work/datakey.age"
    measure encrypt50 "$here/secrets" encrypt --age "$recipient" "$work/50.env"
    measure dryrun "$here/secrets" deploy "$here/testdata/caddy" --dry-run
    [[ -n "$node_dir" ]] && measure node50 node "$node_dir/decrypt.mjs" "$work/50.env.enc" env
    measure decrypt1mb "$here/secrets" decrypt "$work/1mb.enc.yaml"
    [[ -n "$node_dir" ]] && measure node1mb node "$node_dir/decrypt.mjs" "$work/1mb.enc.yaml" yaml
  done
  echo "== $v ($runs rounds, ms: median min..max; ratio of medians, per-round ratios min..max)"
  row() { # id, label, ours, reference
    [[ -n "${times[$3]:-}" && -n "${times[$4]:-}" ]] || return 0
    read -r omed omin omax <<<"$(bench_stats "${times[$3]}")"
    read -r rmed rmin rmax <<<"$(bench_stats "${times[$4]}")"
    read -r qmed qmin qmax <<<"$(bench_stats "$(bench_ratios "${times[$3]}" "${times[$4]}")")"
    printf '%-44s %5s %5s..%-5s  vs %5s %5s..%-5s  %6.2fx (%.2f..%.2f)\n' "$2" "$omed" "$omin" "$omax" "$rmed" "$rmin" "$rmax" \
      "$(awk -v a="$omed" -v b="$rmed" 'BEGIN { print a / b }')" "$qmin" "$qmax"
    [[ -n "${BENCH_RESULT:-}" ]] && echo "RESULT $1 ours=$omed,$omin,$omax ref=$rmed,$rmin,$rmax ratio=$(awk -v a="$omed" -v b="$rmed" 'BEGIN { printf "%.3f", a / b }'),$qmin,$qmax" >> "$BENCH_RESULT"
    return 0
  }
  row decrypt50_floor "decrypt 50-key .env.enc / bare JVM" decrypt50 floor
  row decrypt50pq_floor "decrypt 50-key, PQ recipient / bare JVM" decrypt50pq floor
  row installed50_floor "installed command: decrypt 50-key / bare JVM" installed50 floor
  row encrypt50_floor "encrypt 50-key .env / bare JVM" encrypt50 floor
  row dryrun_floor "deploy caddy --dry-run / bare JVM" dryrun floor
  row decrypt50_age "decrypt 50-key .env.enc / age -d data key" decrypt50 age
  row decrypt50_node "decrypt 50-key .env.enc / node sops-age" decrypt50 node50
  row decrypt1mb_node "decrypt 1 MB YAML / node sops-age" decrypt1mb node1mb
  if [[ -n "${times[installed50]:-}" ]]; then echo "   (installed command: $installed_what)"; fi
done
