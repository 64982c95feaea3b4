#!/usr/bin/env bash
# Local fuzzing (issue 5): runs each Jazzer @FuzzTest in fuzzing mode for SECONDS, one JVM at a time,
# and prints executions, execs/s and the outcome per target.
#   bench/fuzz.sh [SECONDS] [TARGET...]     (default 60 s; targets: all, or names like StoreFuzzTest#yaml)
# Environment: FUZZ_CORPUS (default .fuzz-corpus/, gitignored) keeps what libFuzzer finds between runs;
# FUZZ_HEAP (default 1g) is the test JVM's -Xmx, so a memory blow-up is an OutOfMemoryError finding;
# FUZZ_TIMEOUT (default 10) is the seconds one input may take before it is a timeout finding.
# Each run's full log is kept in $FUZZ_CORPUS/logs/.
# Seeds: each target's committed src/test/resources/.../<Class>Inputs/<method>/ (Jazzer adds it), plus
# the repo's testdata/ and ../shared's sops corpus, read in place (the decrypt targets get temporary
# copies with their format byte in front, under a temp folder removed at exit; nothing is written
# into the repo). A crash is written into the target's Inputs folder: the next `mvn verify` replays
# it (and fails until it is fixed).
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
shift || true
corpus_root="${FUZZ_CORPUS:-$here/.fuzz-corpus}"
heap="${FUZZ_HEAP:-1g}"
timeout="${FUZZ_TIMEOUT:-10}"
shared="${SECRETS_SHARED_DIR:-$here/../shared}/testdata/sops-corpus"
[[ -d "$shared" ]] || { echo "SKIPPED: $shared is absent: seeds from testdata/ and the committed inputs only" >&2; shared=""; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# module:class#method
all=(
  sops-core:dev.secrets.sops.fuzz.StoreFuzzTest#yaml
  sops-core:dev.secrets.sops.fuzz.StoreFuzzTest#json
  sops-core:dev.secrets.sops.fuzz.StoreFuzzTest#dotenv
  sops-core:dev.secrets.sops.fuzz.StoreFuzzTest#ini
  sops-core:dev.secrets.sops.fuzz.StoreFuzzTest#binary
  sops-core:dev.secrets.sops.fuzz.EncryptedValueFuzzTest#parse
  sops-core:dev.secrets.sops.fuzz.EncryptedValueFuzzTest#typedValue
  sops-core:dev.secrets.sops.fuzz.MetadataFuzzTest#metadata
  sops-core:dev.secrets.sops.fuzz.ConfigFuzzTest#sopsYaml
  sops-core:dev.secrets.sops.fuzz.DecryptFuzzTest#withDataKey
  sops-age:dev.secrets.age.fuzz.AgeDecryptFuzzTest#withIdentity
  sops-age:dev.secrets.age.fuzz.AgeKeysFuzzTest#keyText
)
targets=()
if (($#)); then
  for want in "$@"; do
    found=""
    for t in "${all[@]}"; do [[ "$t" == *"$want" ]] && { targets+=("$t"); found=1; }; done
    [[ -n "$found" ]] || { echo "unknown target: $want" >&2; exit 2; }
  done
else
  targets=("${all[@]}")
fi

# The format byte of the decrypt targets' inputs: Format's order YAML, JSON, DOTENV, INI, BINARY.
format_byte() {
  case "$1" in
    *.yaml|*.yml) printf '\x00' ;; *.json) printf '\x01' ;; *.env|*.env.enc) printf '\x02' ;;
    *.ini) printf '\x03' ;; *) printf '\x04' ;;
  esac
}
decrypt_seeds() { # dir: testdata's .env.enc and the shared corpus, with the format byte in front
  mkdir -p "$1"
  local f i=0
  while IFS= read -r -d '' f; do
    { format_byte "$f"; cat "$f"; } > "$1/seed-$((i++))"
  done < <(find "$here/testdata" ${shared:+"$shared/age-rewrapped" "$shared/sops-nix" "$shared/sops-upstream"} \
             -type f \( -name '*.enc' -o -name '*.yaml' -o -name '*.json' -o -name '*.env' -o -name '*.ini' \
             -o -name '*.bin' -o -name '*.txt' \) -print0)
}

echo "== building (test-compile)"
(cd "$here" && mvn -B -o -q test-compile -pl sops-core,sops-age) || exit 1

printf '%s\n' "target|seconds|executions|execs/s|corpus|result" > "$tmp/table"
failed=0
for t in "${targets[@]}"; do
  module="${t%%:*}"; test="${t#*:}"; class="${test%%#*}"; method="${test#*#}"; short="${class##*.}#$method"
  corpus="$corpus_root/${class##*.}/$method"
  mkdir -p "$corpus"
  seeds=("$here/testdata")
  case "$method" in
    withDataKey|withIdentity) decrypt_seeds "$tmp/seeds-$method"; seeds=("$tmp/seeds-$method") ;;
    *) [[ -n "$shared" ]] && seeds+=("$shared") ;;
  esac
  args=(-Djazzer.internal.arg.0=fuzz "-Djazzer.internal.arg.1=$corpus")
  n=2
  for s in "${seeds[@]}"; do args+=("-Djazzer.internal.arg.$((n++))=$s"); done
  args+=("-Djazzer.internal.arg.$((n++))=-max_total_time=$seconds"
         "-Djazzer.internal.arg.$((n++))=-timeout=$timeout"
         "-Djazzer.internal.arg.$((n++))=-print_final_stats=1")
  mkdir -p "$corpus_root/logs"
  log="$corpus_root/logs/$short.log"
  echo "== $short: ${seconds}s, corpus $corpus"
  modules=sops-core
  [[ "$module" == sops-core ]] || modules="sops-core,$module"   # sops-age needs sops-core from the reactor
  (cd "$here" && JAZZER_FUZZ=1 mvn -B -o test -pl "$modules" -Dtest="$test" \
      -Dsurefire.failIfNoSpecifiedTests=false "-DargLine=-Xmx$heap" "${args[@]}") > "$log" 2>&1
  rc=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  files="$(find "$corpus" -type f | wc -l)"
  if ((rc == 0)); then
    result="no finding"
  else
    failed=1
    result="FINDING: $(grep -m1 -E '== Java Exception:|ERROR: libFuzzer:|FuzzTestFinding' "$log" | cut -c1-160)"
    echo "   see $log" >&2
  fi
  echo "   ${runs:-?} executions (${rate:-?}/s): $result"
  printf '%s\n' "$short|$seconds|${runs:-?}|${rate:-?}|$files|$result" >> "$tmp/table"
done
echo
column -t -s '|' "$tmp/table"
exit "$failed"
