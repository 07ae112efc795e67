#!/usr/bin/env bash
# macOS, checked from Linux: type-check and lint jwtpad for the Apple targets, and check the
# bundle metadata. Linking needs Apple's SDK, which only a Mac has, so nothing here builds
# or runs a Mac binary; `cargo bundle --release` on a Mac does (README, "Install").
#
# Only --lib --bins: --all-targets would also build the dev-dependencies, and criterion
# pulls in `alloca`, whose build script compiles C for the target (no Apple C compiler
# here). Our tests run on Linux and Windows.
#
# usage: bash .ci/macos.sh            (MACOS_TARGETS="aarch64-apple-darwin" to check one)
set -euo pipefail

cd "$(dirname "$0")/.."
if [ -d "${HOME:-/root}/.cargo/bin" ]; then export PATH="${HOME:-/root}/.cargo/bin:$PATH"; fi

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'macos: %s\n' "$*" >&2; exit 1; }

# usage: timed WHAT COMMAND...  Runs COMMAND and prints how long it took.
timed() {
    local what=$1 start ms
    shift
    start=$(date +%s%N)
    "$@"
    ms=$((($(date +%s%N) - start) / 1000000))
    printf 'macos: %s took %d.%d s\n' "$what" $((ms / 1000)) $((ms % 1000 / 100))
}

command -v rustup >/dev/null || die "rustup is needed to add the Apple targets"
targets=${MACOS_TARGETS:-aarch64-apple-darwin x86_64-apple-darwin}

step "Checking the bundle metadata"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
plist=assets/macos/Info.plist
for key in CFBundleShortVersionString CFBundleVersion; do
    found=$(sed -n "/<key>$key<\/key>/{n;s/.*<string>\(.*\)<\/string>.*/\1/p}" "$plist")
    [ "$found" = "$version" ] || die "$plist: $key is '$found', Cargo.toml says '$version'"
done
minimum=$(sed -n '/^\[package.metadata.bundle.osx\]/,/^\[/s/^minimum_system_version = "\(.*\)"$/\1/p' Cargo.toml)
found=$(sed -n "/<key>LSMinimumSystemVersion<\/key>/{n;s/.*<string>\(.*\)<\/string>.*/\1/p}" "$plist")
[ -n "$minimum" ] && [ "$found" = "$minimum" ] ||
    die "$plist: LSMinimumSystemVersion is '$found', [package.metadata.bundle.osx] says '$minimum'"
[ -s assets/macos/jwtpad.icns ] || die "assets/macos/jwtpad.icns is missing"
grep -q '^\[package.metadata.bundle\]' Cargo.toml || die "Cargo.toml has no [package.metadata.bundle]"
echo "macos: $plist matches Cargo.toml (version $version, macOS $minimum); jwtpad.icns is there"

for target in $targets; do
    step "Adding the Rust target $target"
    if ! rustup target list --installed | grep -qx "$target"; then
        rustup target add "$target" ||
            die "cannot add $target (rustup target add $target needs the network once)"
    fi

    step "cargo check --target $target"
    timed "check ($target)" cargo check --locked --lib --bins --target "$target"

    step "cargo clippy --target $target"
    timed "clippy ($target)" cargo clippy --locked --lib --bins --target "$target" -- -D warnings
done

echo
echo "macos: check and clippy clean for: $targets (not linked, not run: that needs a Mac)"
