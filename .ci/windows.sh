#!/usr/bin/env bash
# The Windows build, checked on Linux: cross-build jwtpad for x86_64-pc-windows-gnu with
# mingw, then under Wine run the command-line tests and every vector against jwtpad.com,
# profiles in Wine's Credential Manager, the keyring contract against the native store, and
# the window smoke test against jwtpad.exe. Fails on any failure; nothing is skipped.
#
# Runs on a fresh Debian machine as root, after the Linux tests of .ci/run, with the X
# display ($DISPLAY: Xvfb) and the D-Bus session that .ci/run started, and the desktop tools
# it installed (xdotool, ImageMagick, xclip).
set -euo pipefail

cd "$(dirname "$0")/.."
if [ -d "${HOME:-/root}/.cargo/bin" ]; then export PATH="${HOME:-/root}/.cargo/bin:$PATH"; fi

TARGET=x86_64-pc-windows-gnu
# Debug: the cross-build is a minute or two quicker than release, and the tests run as fast.
PROFILE_DIR=debug
CARGO_WINDOWS=(--target "$TARGET" --config "target.$TARGET.linker=\"x86_64-w64-mingw32-gcc\"")

die() { printf 'ci windows: %s\n' "$*" >&2; exit 1; }
step_name=""
step_started=$SECONDS
all_started=$SECONDS
end_step() {
    [ -n "$step_name" ] && printf '<== %s: %ds\n' "$step_name" $((SECONDS - step_started))
    step_name=""
}
step() {
    end_step
    step_name=$*
    step_started=$SECONDS
    printf '\n==> %s\n' "$*"
}

[ -n "${DISPLAY:-}" ] || die "DISPLAY is not set: .ci/run starts Xvfb before calling this"
for tool in xdotool import identify xclip; do
    command -v "$tool" >/dev/null || die "$tool is missing: .ci/run installs it"
done

step "Installing mingw-w64 and Wine"
export DEBIAN_FRONTEND=noninteractive
packages=(gcc-mingw-w64-x86-64 wine64 wine zip unzip)
# apt only when something is missing (a machine that has them needs no package index).
installed=$(dpkg-query -W -f='${db:Status-Status}\n' "${packages[@]}" 2>/dev/null |
    grep -cx installed || true)
if [ "$installed" -eq "${#packages[@]}" ]; then
    echo "already installed: ${packages[*]}"
else
    apt_log=$(mktemp -t jwtpad-windows-apt.XXXXXX)
    if ! { apt-get -o Acquire::Retries=3 update -q &&
        apt-get install -y -q --no-install-recommends "${packages[@]}"; } >"$apt_log" 2>&1; then
        tail -n 40 "$apt_log" >&2
        die "apt-get could not install ${packages[*]}"
    fi
    rm -f "$apt_log"
fi
rustup target add "$TARGET" || die "rustup could not add the $TARGET target"
wine --version

# A throwaway prefix with one persistent wineserver for the whole run (else every wine
# start pays for a server start). Mono and Gecko are not needed: skip their prompts.
work=$(mktemp -d -t jwtpad-windows.XXXXXX)
export WINEPREFIX="$work/prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
stop_wine() {
    local status=$?
    end_step
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
    rm -rf "$work"
    printf 'ci windows: %s after %ds\n' "$([ "$status" -eq 0 ] && echo passed || echo FAILED)" \
        $((SECONDS - all_started))
    exit "$status"
}
trap stop_wine EXIT
trap 'exit 130' INT TERM

step "Wine prefix and wineserver"
mkdir -p "$WINEPREFIX"
wineserver -p
wineboot -i >"$work/wineboot.log" 2>&1 || { cat "$work/wineboot.log" >&2; die "wineboot failed"; }

step "The bcryptprimitives.dll stand-in (Wine 8 lacks it; never shipped)"
bin="$work/bin"
mkdir -p "$bin"
x86_64-w64-mingw32-gcc -shared -O2 -Wall -o "$bin/bcryptprimitives.dll" \
    .ci/wine/bcryptprimitives.c -ladvapi32

step "Cross-building jwtpad.exe, jwtpad.com and the unit tests ($PROFILE_DIR)"
cargo build --locked "${CARGO_WINDOWS[@]}" --bins
lib_tests=$(cargo test --locked "${CARGO_WINDOWS[@]}" --lib --no-run --message-format=json |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
[ -n "$lib_tests" ] || die "cargo did not name the unit-test executable"
out="target/$TARGET/$PROFILE_DIR"
# Named as the zip names them (.ci/package-windows.sh): the window is jwtpad.exe.
cp "$out/jwtpad-window.exe" "$bin/jwtpad.exe"
cp "$out/jwtpad.exe" "$bin/jwtpad.com"
cp "$lib_tests" "$bin/jwtpad-unit-tests.exe"
# The Linux test binary that drives them (built by .ci/run already: this is a no-op there).
cargo test --locked --test it --no-run

export JWTPAD_TEST_WRAPPER=wine
export JWTPAD_TEST_EXE="$bin/jwtpad.com"
export JWTPAD_TEST_WINDOW_EXE="$bin/jwtpad.exe"
export JWTPAD_REQUIRE_DESKTOP=1

step "jwtpad.com behaves as a console program"
# Exit codes and stdout come back through Wine; a bad token is exit 2.
[ "$(wine "$bin/jwtpad.com" cpf --check 529.982.247-25 --json | tr -d '\r')" != "" ] ||
    die "jwtpad.com printed nothing"
set +e
wine "$bin/jwtpad.com" decode not-a-token 2>/dev/null
code=$?
set -e
[ "$code" -eq 2 ] || die "jwtpad.com decode not-a-token exited $code, not 2"

step "jwtpad.com with no subcommand opens the window of jwtpad.exe"
# The launcher (src/cli/launch.rs) starts the window beside it and returns at once.
launched=$(mktemp -d -t jwtpad-windows-launch.XXXXXX)
wine "$bin/jwtpad.com" >"$launched/log" 2>&1 || { cat "$launched/log" >&2; die "jwtpad.com exited $?"; }
if ! timeout 60 xdotool search --sync --onlyvisible --name '^jwtpad' >/dev/null; then
    cat "$launched/log" >&2
    die "jwtpad.com opened no window within 60 s"
fi
pkill -f 'jwtpad\.exe' || die "no jwtpad.exe process to stop"
for _ in $(seq 50); do pgrep -f 'jwtpad\.exe' >/dev/null || break; sleep 0.1; done
rm -rf "$launched"
echo "windows: jwtpad.com opened jwtpad.exe's window"

step "Command-line tests and every vector against jwtpad.com under Wine"
cargo test --locked --test it -- cli:: vectors::

step "Profiles in Wine's Credential Manager"
cargo test --locked --test it -- credential_manager:: --nocapture

step "Unit tests, and the keyring contract against the Credential Manager, under Wine"
JWTPAD_TEST_NATIVE_KEYRING=1 wine "$bin/jwtpad-unit-tests.exe"

step "The window of jwtpad.exe under Wine"
cargo test --locked --test it -- window:: --nocapture

step "The zip"
JWTPAD_WINDOWS_PROFILE=$PROFILE_DIR bash .ci/package-windows.sh target/zip
end_step
