#!/usr/bin/env bash
# Makes dist/jwtpad-<version>-windows-x86_64.zip: jwtpad.exe (the window; GUI subsystem),
# jwtpad.com (the command line, which opens jwtpad.exe when given no subcommand; console
# subsystem), README.md and the
# licence texts. Cross-builds with mingw (see .ci/windows.sh for what it needs).
#
# usage: .ci/package-windows.sh [OUT_DIR]   (default dist/)
# JWTPAD_WINDOWS_PROFILE picks the cargo profile: dist (the default: what ships, whole-program
# LTO, see Cargo.toml), release, or debug (CI checks the script that way without a second
# build); the executables are stripped either way.
#
# Never packaged: .ci/wine/bcryptprimitives.c's DLL, a stand-in that only Wine 8 needs.
set -euo pipefail

cd "$(dirname "$0")/.."
if [ -d "${HOME:-/root}/.cargo/bin" ]; then export PATH="${HOME:-/root}/.cargo/bin:$PATH"; fi

die() { printf 'package-windows: %s\n' "$*" >&2; exit 1; }

target=x86_64-pc-windows-gnu
profile=${JWTPAD_WINDOWS_PROFILE:-dist}
case "$profile" in
dist | release) profile_args=(--profile "$profile") ;;
debug) profile_args=() ;;
*) die "JWTPAD_WINDOWS_PROFILE must be dist, release or debug, not $profile" ;;
esac
out_dir=$(mkdir -p "${1:-dist}" && cd "${1:-dist}" && pwd)
for tool in x86_64-w64-mingw32-gcc x86_64-w64-mingw32-strip zip; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install gcc-mingw-w64-x86-64 zip)"
done

version=$(cargo metadata --no-deps --format-version 1 |
    sed -n 's/.*"name":"jwtpad","version":"\([^"]*\)".*/\1/p')
[ -n "$version" ] || die "cannot read the version from Cargo.toml"
name="jwtpad-$version-windows-x86_64"

cargo build --locked "${profile_args[@]}" --target "$target" \
    --config "target.$target.linker=\"x86_64-w64-mingw32-gcc\"" --bins
built="target/$target/$profile"

stage=$(mktemp -d -t jwtpad-package.XXXXXX)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
x86_64-w64-mingw32-strip -o "$stage/$name/jwtpad.exe" "$built/jwtpad-window.exe"
x86_64-w64-mingw32-strip -o "$stage/$name/jwtpad.com" "$built/jwtpad.exe"
cp README.md LICENSE-MIT LICENSE-APACHE "$stage/$name/"

rm -f "$out_dir/$name.zip"
(cd "$stage" && zip -q -r -9 "$out_dir/$name.zip" "$name")

# What went in, and that nothing else did.
listed=$(unzip -Z1 "$out_dir/$name.zip" | sort | tr '\n' ' ')
expected="$name/ $name/LICENSE-APACHE $name/LICENSE-MIT $name/README.md $name/jwtpad.com $name/jwtpad.exe "
[ "$listed" = "$expected" ] || die "the zip holds: $listed"
echo "$out_dir/$name.zip ($(du -h "$out_dir/$name.zip" | cut -f1))"
