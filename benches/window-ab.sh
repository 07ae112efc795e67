#!/usr/bin/env bash
# Windows started in random order, for A/B comparisons of builds or settings (issue 13,
# BENCHMARKS.md "Window"). Not a test: it prints medians. compare.sh is the standing
# comparison against the empty window; this one takes any number of commands, so that two
# builds of jwtpad (or one binary with and without a setting) and the empty window share
# one run, each start at a random place in it.
#
# Usage: DISPLAY=:99 bash benches/window-ab.sh RUNS NAME=COMMAND [NAME=COMMAND ...]
#   e.g. bash benches/window-ab.sh 80 before=/tmp/old/jwtpad-window \
#            after=target/dist/jwtpad-window empty=target/dist/examples/empty_window
#   RUNS      starts of each command
#   COMMAND   a program (or a script that execs one, so the pid stays the window's)
#   HWM_WAIT  seconds to wait after the window shows before reading VmHWM (default 1)
# The ratios are against the last command: put the anchor (the empty window) last.
#
# Each start gets fresh XDG_CONFIG_HOME and XDG_DATA_HOME (a first start). The time runs
# from just before the start to the first `xdotool search --onlyvisible --pid` that finds
# the window, polled every 5 ms; only xdotool runs while a window starts, so the poll
# takes little of the two cores the window needs.
set -euo pipefail

runs=${1:?"usage: window-ab.sh RUNS NAME=COMMAND ..."}
shift
case $runs in ''|*[!0-9]*|0) echo "window-ab.sh: RUNS is a whole number above 0" >&2; exit 2 ;; esac
[ $# -gt 0 ] || { echo "window-ab.sh: give at least one NAME=COMMAND" >&2; exit 2; }
[ -n "${DISPLAY:-}" ] || { echo "window-ab.sh: needs DISPLAY (an X server)" >&2; exit 2; }
command -v xdotool >/dev/null || { echo "window-ab.sh: needs xdotool" >&2; exit 2; }

names=()
commands=()
for arg in "$@"; do
    case $arg in *=*) ;; *) echo "window-ab.sh: $arg is not NAME=COMMAND" >&2; exit 2 ;; esac
    names+=("${arg%%=*}")
    commands+=("${arg#*=}")
    [ -x "${arg#*=}" ] || { echo "window-ab.sh: ${arg#*=} is not executable" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
results=$tmp/results

order=$(for _ in $(seq "$runs"); do seq 0 $((${#names[@]} - 1)); done | shuf)
for i in $order; do
    home=$(mktemp -d -p "$tmp")
    mkdir -p "$home/config" "$home/data"
    start=$(date +%s%N)
    XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data "${commands[$i]}" >/dev/null 2>&1 &
    pid=$!
    until xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || { echo "window-ab.sh: ${names[$i]} exited before showing a window" >&2; exit 1; }
        sleep 0.005
    done
    shown=$(date +%s%N)
    sleep "${HWM_WAIT:-1}"
    hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "${names[$i]} $(((shown - start) / 1000)) ${hwm:-0}" >>"$results"
    rm -rf "$home"
done

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
of() { awk -v n="$1" -v col="$2" -v div="$3" '$1 == n {print $col / div}' "$results" | median; }
anchor=${names[${#names[@]} - 1]}
anchor_ms=$(of "$anchor" 2 1000)
anchor_mib=$(of "$anchor" 3 1024)
for name in "${names[@]}"; do
    ms=$(of "$name" 2 1000)
    mib=$(of "$name" 3 1024)
    printf '%-12s median %7.1f ms %6.3fx   VmHWM median %6.1f MiB %6.3fx   (%d starts)\n' \
        "$name" "$ms" "$(awk -v a="$ms" -v b="$anchor_ms" 'BEGIN {print a / b}')" \
        "$mib" "$(awk -v a="$mib" -v b="$anchor_mib" 'BEGIN {print a / b}')" "$runs"
done
