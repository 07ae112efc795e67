#!/usr/bin/env bash
# The Debian package: build target/debian/jwtpad_<version>-1_<arch>.deb with cargo-deb
# (its contents and dependencies are [package.metadata.deb] in Cargo.toml), install it with
# dpkg, check that every file landed and that /usr/bin/jwtpad runs, validate the menu
# entry, open the window if there is a display, and remove the package again.
#
# Run as root on Debian. The build is the slow part: the dist profile (what ships: the
# release build with whole-program LTO, see Cargo.toml) takes about 21 minutes from cold on
# two busy cores; an up-to-date target/dist is reused. JWTPAD_DEB_PROFILE=release packages
# the plain release build, and JWTPAD_DEB_PROFILE=dev the debug build (stripped, about 11 MB): CI does that, reusing the binary its tests
# built, since what is checked here is the packaging, not the optimiser.
set -euo pipefail

cd "$(dirname "$0")/.."
if [ -d "${HOME:-/root}/.cargo/bin" ]; then export PATH="${HOME:-/root}/.cargo/bin:$PATH"; fi

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'deb: %s\n' "$*" >&2; exit 1; }

# usage: timed WHAT COMMAND...  Runs COMMAND and prints how long it took.
timed() {
    local what=$1 start ms
    shift
    start=$(date +%s%N)
    "$@"
    ms=$((($(date +%s%N) - start) / 1000000))
    printf 'deb: %s took %d.%d s\n' "$what" $((ms / 1000)) $((ms % 1000 / 100))
}

[ "$(id -u)" -eq 0 ] || die "run as root: the package is installed with dpkg"
if dpkg-query -W -f '${Status}' jwtpad 2>/dev/null | grep -q 'ok installed'; then
    die "a jwtpad package is installed already; this script would replace and remove it"
fi

# jwt.io's example token: HS256, {"sub":"1234567890","name":"John Doe","iat":1516239022}.
token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c

step "Installing the tools"
export DEBIAN_FRONTEND=noninteractive
if ! command -v desktop-file-validate >/dev/null; then
    apt-get -o Acquire::Retries=3 update -q >/dev/null
    apt-get install -y -q desktop-file-utils >/dev/null || die "cannot install desktop-file-utils"
fi
if ! cargo deb --version >/dev/null 2>&1; then
    # About 3 minutes on two cores; a CI cache of ~/.cargo/bin saves it.
    timed "cargo install cargo-deb" cargo install cargo-deb --locked --quiet
fi
cargo deb --version

step "Building the package"
profile=${JWTPAD_DEB_PROFILE:-dist}
timed "cargo deb --profile $profile" cargo deb --locked --profile "$profile"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
deb=target/debian/jwtpad_${version}-1_$(dpkg --print-architecture).deb
[ -s "$deb" ] || die "cargo deb made no $deb"
printf 'deb: %s, %s bytes\n' "$deb" "$(stat -c %s "$deb")"
dpkg-deb --field "$deb" Package Version Depends Recommends

installed=""
remove_package() {
    local status=$?
    if [ -n "$installed" ]; then
        step "Removing the package"
        dpkg -r jwtpad >/dev/null || status=1
    fi
    exit "$status"
}
trap remove_package EXIT

step "Installing it"
installed=yes
if ! timed "dpkg -i" dpkg -i "$deb"; then
    # dpkg leaves the package unconfigured when a dependency is missing; apt fetches them.
    apt-get install -f -y -q --no-install-recommends || die "apt-get install -f failed"
fi
dpkg-query -W -f '${Status}\n' jwtpad | grep -q 'ok installed' || die "jwtpad is not installed"

step "Checking the installed files"
for file in /usr/bin/jwtpad /usr/bin/jwtpad-window /usr/share/applications/jwtpad.desktop \
    /usr/share/icons/hicolor/256x256/apps/jwtpad.png /usr/share/doc/jwtpad/README.md \
    /usr/share/doc/jwtpad/copyright; do
    dpkg -L jwtpad | grep -qx "$file" || die "the package does not list $file"
    [ -s "$file" ] || die "$file is missing or empty"
    echo "deb: $file"
done
for program in /usr/bin/jwtpad /usr/bin/jwtpad-window; do
    [ -x "$program" ] || die "$program is not executable"
done
desktop-file-validate /usr/share/applications/jwtpad.desktop || die "the .desktop file is not valid"
echo "deb: jwtpad.desktop is valid"

step "Running /usr/bin/jwtpad"
/usr/bin/jwtpad --version
decoded=$(/usr/bin/jwtpad decode --json "$token") || die "jwtpad decode exited $?"
grep -q '"name": *"John Doe"' <<<"$decoded" || die "jwtpad decode did not show the payload: $decoded"
echo "deb: jwtpad decode shows jwt.io's payload"

if [ -n "${DISPLAY:-}" ] && command -v xdotool >/dev/null; then
    step "Opening the window on $DISPLAY"
    # The window saves its settings on the way out: into a folder of its own, not $HOME.
    window_home=$(mktemp -d -t jwtpad-deb-window.XXXXXX)
    window_log=$window_home/window.log
    XDG_DATA_HOME=$window_home XDG_CONFIG_HOME=$window_home /usr/bin/jwtpad >"$window_log" 2>&1 &
    window_pid=$!
    if ! timeout 20 xdotool search --sync --onlyvisible --class jwtpad >/dev/null; then
        kill "$window_pid" 2>/dev/null || true
        cat "$window_log" >&2
        die "no jwtpad window appeared within 20 s"
    fi
    kill "$window_pid"
    wait "$window_pid" 2>/dev/null || true
    rm -rf "$window_home"
    echo "deb: the installed jwtpad opened its window"
else
    echo "deb: no DISPLAY (or no xdotool): window not opened"
fi

echo
echo "deb: $deb installs, runs and validates"
