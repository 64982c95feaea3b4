# Helpers shared by the bench scripts (sourced, not run).

# Milliseconds since the epoch.
bench_now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# "median min max" of whitespace-separated numbers (the lower median for an even count).
bench_stats() {
  tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)], a[1], a[NR] }'
}

# Per-round ratios a_i / b_i of two equally long lists, space-separated, 3 decimals.
bench_ratios() {
  paste -d ' ' <(tr ' ' '\n' <<<"$1" | grep .) <(tr ' ' '\n' <<<"$2" | grep .) \
    | awk '$2 > 0 { printf "%.3f ", $1 / $2 }'
}

# The folder holding node_modules/sops-age, installed once with npm into a cache folder outside the
# repository (BENCH_CACHE, else $XDG_CACHE_HOME or ~/.cache /secrets-bench). Prints the folder; on
# failure prints why on stderr and returns 1.
sops_age_install() {
  local cache="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/secrets-bench}"
  local dir="$cache/sops-age-4"
  local repo; repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  case "$dir/" in
    "$repo"/*) echo "sops-age: cache folder $dir is inside the repository; node rows skipped" >&2; return 1 ;;
  esac
  if [[ ! -f "$dir/node_modules/sops-age/package.json" ]]; then
    echo "sops-age: installing sops-age@4 with npm into $dir ..." >&2
    if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error sops-age@4 >&2; then
      echo "sops-age: npm could not install it; node rows skipped" >&2
      return 1
    fi
  fi
  echo "$dir"
}
