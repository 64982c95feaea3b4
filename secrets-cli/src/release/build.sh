#!/usr/bin/env bash
# The release build (mvn -B -P release package runs it after the shaded jar is made; by hand:
# secrets-cli/src/release/build.sh VERSION JAR OUT REPO). Makes in OUT:
#   secrets-VERSION-linux-x64.tar.gz  the runtime image: bin/secrets, a jlink'ed runtime holding only
#                                     the modules jdeps finds (plus jdk.crypto.ec, X25519/Ed25519's
#                                     provider on JDK 17, which no static reference names), the jar,
#                                     and an AOT cache made here by a training run (JDK 25+)
#   secrets_DEBVERSION_amd64.deb      jpackage's Debian package of that same image (/opt/secrets,
#                                     /usr/bin/secrets linked by postinst)
#   secrets-VERSION-jars.tar.gz       the jar and the launcher for a machine with Java 17+ (and .zip)
#   sizes.txt                         the sizes the README reports
# JDK: RELEASE_JDK, else the newest JDK 25+ under /usr/lib/jvm, else the one whose jlink is on PATH.
# Why 25: a JDK 17 class-data archive names the jar's absolute path and is refused once the image
# is unpacked or installed elsewhere ("shared class paths mismatch"); JDK 25's AOT cache stays valid
# when the whole image moves, so it can be made here. With JDK 17 the runtime gets jlink's default
# CDS archive (JDK classes) and the launcher makes the application's archive at the first start.
set -euo pipefail
version="$1" jar="$2" out="$3" repo="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
feature() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"; }
jdk="${RELEASE_JDK:-}"
if [[ -z "$jdk" ]]; then
  for candidate in /usr/lib/jvm/*/; do
    candidate="${candidate%/}"
    [[ -x "$candidate/bin/jpackage" && -r "$candidate/release" ]] || continue
    f="$(feature "$candidate")"
    if [[ "$f" =~ ^[0-9]+$ ]] && (( f >= 25 )) && { [[ -z "$jdk" ]] || (( f > $(feature "$jdk") )); }; then jdk="$candidate"; fi
  done
fi
if [[ -z "$jdk" ]]; then jdk="$(readlink -f "$(type -P jlink)")"; jdk="${jdk%/bin/*}"; fi
jdkfeature="$(feature "$jdk")"
echo "release: JDK $jdk ($jdkfeature)"
for tool in jdeps jlink jpackage; do
  [[ -x "$jdk/bin/$tool" ]] || { echo "release: $jdk/bin/$tool missing (a JDK 17 with jpackage is needed)" >&2; exit 1; }
done
command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null \
  || { echo "release: jpackage --type deb needs dpkg-deb and fakeroot (apt-get install dpkg-dev fakeroot)" >&2; exit 1; }
debversion="${version%-SNAPSHOT}"   # jpackage takes digits and dots only
[[ "$debversion" =~ ^[0-9]+(\.[0-9]+)*$ ]] || { echo "release: version $version is not N.N.N[-SNAPSHOT]" >&2; exit 1; }

rm -rf "$out"
work="$out/work"
mkdir -p "$work/input"
cp "$jar" "$work/input/secrets.jar"
# Reproducible-ish: every file of the archives gets the jar's timestamp (see project.build.outputTimestamp).
stamp="@$(stat -c %Y "$jar")"

echo "release: modules (jdeps)"
modules="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$work/input/secrets.jar")"
# SunEC (X25519, Ed25519) is found through the provider list, not a reference jdeps can see; JDK 22+
# moved it into java.base and keeps jdk.crypto.ec as an empty module.
modules="$modules,jdk.crypto.ec"
cds=()
(( jdkfeature < 25 )) && cds=(--generate-cds-archive)
echo "release: jlink $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files "${cds[@]}" \
  --output "$work/runtime"

echo "release: jpackage app image"
"$jdk/bin/jpackage" --type app-image --name secrets --app-version "$debversion" \
  --input "$work/input" --main-jar secrets.jar --main-class dev.secrets.cli.Main \
  --runtime-image "$work/runtime" --dest "$work/image"
image="$work/image/secrets"
# Our launcher instead of jpackage's native one: the same start-up options as ./secrets, no core
# dumps (ulimit), crash logs in a private folder, SECRETS_LAUNCHER for git hooks.
install -m 755 "$here/secrets" "$image/bin/secrets"
training() {   # the training run's example: the launcher makes an archive from it when none was made here
  mkdir -p "$1/share/training/caddy" "$1/share/training/keys"
  cp "$repo/testdata/.sops.yaml" "$1/share/training/"
  cp "$repo/testdata/caddy/.env.enc" "$repo/testdata/caddy/.env.example" "$repo/testdata/caddy/docker-compose.yml" "$1/share/training/caddy/"
  cp "$repo/testdata/keys/test-only-age-key.txt" "$1/share/training/keys/"
}
cp "$repo/LICENSE" "$image/LICENSE"
printf '%s\n' "$version" > "$image/VERSION"
training "$image"

if (( jdkfeature >= 25 )); then
  echo "release: AOT cache (training run with the image's own java)"
  java="$image/lib/runtime/bin/java"
  opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable -Xlog:all=warning:stderr)
  SOPS_AGE_KEY_FILE="$repo/testdata/keys/test-only-age-key.txt" "$java" "${opts[@]}" \
    -XX:AOTCacheOutput="$image/lib/app/secrets.aot" -cp "$image/lib/app/secrets.jar" dev.secrets.cli.Training "$repo/testdata" </dev/null >/dev/null
  # the cache must load (the launcher's default AOTMode would quietly do without it)
  "$java" "${opts[@]}" -XX:AOTCache="$image/lib/app/secrets.aot" -XX:AOTMode=on -jar "$image/lib/app/secrets.jar" --version >/dev/null
fi

echo "release: runtime image tarball"
tarball="$out/secrets-$version-linux-x64.tar.gz"
mv "$image" "$work/image/secrets-$version"
tar -C "$work/image" --sort=name --owner=0 --group=0 --numeric-owner -czf "$tarball" "secrets-$version"
mv "$work/image/secrets-$version" "$image"

echo "release: .deb (jpackage)"
"$jdk/bin/jpackage" --type deb --app-image "$image" --name secrets --app-version "$debversion" \
  --description "SOPS-compatible encrypted files with age keys; keeps docker compose .env files encrypted in git" \
  --vendor "The secrets maintainers" --license-file "$repo/LICENSE" --about-url "https://github.com/secrets-dev/secrets" \
  --linux-package-name secrets --linux-deb-maintainer "maintainers@users.noreply.b-seed-80ac589e.example" \
  --linux-app-category utils --install-dir /opt --resource-dir "$here/deb" --dest "$out"

echo "release: jars archive"
plain="$work/plain/secrets-$version"
mkdir -p "$plain/bin" "$plain/lib"
install -m 755 "$here/secrets" "$plain/bin/secrets"
cp "$jar" "$plain/lib/secrets.jar"
cp "$repo/LICENSE" "$plain/LICENSE"
printf '%s\n' "$version" > "$plain/VERSION"
training "$plain"
tar -C "$work/plain" --sort=name --owner=0 --group=0 --numeric-owner --mtime="$stamp" -czf "$out/secrets-$version-jars.tar.gz" "secrets-$version"
# the same as a zip (SDKMAN and Homebrew's Java formulas take zips): Python's zipfile keeps the
# launcher's mode, which the JDK's jar tool would drop
python3 - "$work/plain" "secrets-$version" "$out/secrets-$version-jars.zip" <<'PY'
import os, sys, zipfile
root, top, dest = sys.argv[1:]
with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in sorted(os.walk(os.path.join(root, top))):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo(os.path.relpath(path, root), (2026, 12, 1, 0, 0, 0))
            info.external_attr = (os.stat(path).st_mode & 0xFFFF) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY

deb="$(ls "$out"/secrets_*.deb)"
{
  echo "JDK $jdkfeature; runtime image (unpacked): $(du -sh --apparent-size "$image" | cut -f1)"
  echo "  of which runtime: $(du -sh --apparent-size "$image/lib/runtime" | cut -f1), AOT cache: $( [[ -f "$image/lib/app/secrets.aot" ]] && du -h --apparent-size "$image/lib/app/secrets.aot" | cut -f1 || echo none), jar: $(du -h --apparent-size "$image/lib/app/secrets.jar" | cut -f1)"
  echo "modules: $modules"
  echo "$(basename "$deb"): $(du -h --apparent-size "$deb" | cut -f1)"
  echo "$(basename "$tarball"): $(du -h --apparent-size "$tarball" | cut -f1)"
  echo "secrets-$version-jars.tar.gz: $(du -h --apparent-size "$out/secrets-$version-jars.tar.gz" | cut -f1)"
} > "$out/sizes.txt"
rm -rf "$work/input" "$work/runtime" "$work/plain"
cat "$out/sizes.txt"
