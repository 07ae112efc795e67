#!/usr/bin/env bash
# Start-up and idle probe for the window (not a test: it prints numbers).
# Usage: DISPLAY=:99 bash benches/startup-probe.sh [path/to/jwtpad] [runs]
# (under Xvfb, start it with -noreset, or a start right after an exit can be refused)
# Measures, for each run, the time from exec to a visible window titled "jwtpad", the CPU
# the app uses over 10 seconds with the first-start example (its expiry countdown repaints
# once a second) and with saved drafts that have no exp (nothing to repaint: idle), and the
# peak memory.
set -euo pipefail
bin=${1:-target/release/jwtpad}
runs=${2:-5}
[ -n "${DISPLAY:-}" ] || { echo "needs DISPLAY (e.g. Xvfb :99)" >&2; exit 2; }
ticks=$(getconf CLK_TCK)
# Waits until the app shows its window; fails (with its stderr) if it exits instead.
wait_for_window() {
    local pid=$1 log=$2
    until xdotool search --onlyvisible --pid "$pid" --name '^jwtpad$' >/dev/null 2>&1; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "jwtpad exited before showing its window:" >&2
            cat "$log" >&2
            exit 1
        fi
        sleep 0.005
    done
}
cpu_over_10s() {
    local pid=$1 stat before after
    read -r -a stat <"/proc/$pid/stat"
    before=$(( stat[13] + stat[14] ))
    sleep 10
    read -r -a stat <"/proc/$pid/stat"
    after=$(( stat[13] + stat[14] ))
    awk -v t=$(( after - before )) -v hz="$ticks" 'BEGIN { printf "%.1f", 100 * t / hz / 10 }'
}
# Saved settings whose drafts carry no exp, so no countdown is on screen.
idle_settings='{ "app": "(theme:System,last_profile:None,alg:None,keep_drafts:true,drafts:Some((\"{\\\"alg\\\":\\\"HS256\\\"}\",\"{\\\"sub\\\":\\\"x\\\"}\")))" }'
for i in $(seq "$runs"); do
    data=$(mktemp -d)
    start=$(date +%s%N)
    XDG_DATA_HOME=$data "$bin" >/dev/null 2>"$data.log" &
    pid=$!
    wait_for_window "$pid" "$data.log"
    shown=$(( ($(date +%s%N) - start) / 1000000 ))
    sleep 2
    countdown=$(cpu_over_10s "$pid")
    peak=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true

    mkdir -p "$data/jwtpad"
    printf '%s\n' "$idle_settings" >"$data/jwtpad/app.ron"
    XDG_DATA_HOME=$data "$bin" >/dev/null 2>"$data.log" &
    pid=$!
    wait_for_window "$pid" "$data.log"
    sleep 2
    idle=$(cpu_over_10s "$pid")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$data" "$data.log"
    echo "run $i: window visible after ${shown} ms; CPU with countdown ${countdown}%, idle ${idle}%; peak RSS $(( peak / 1024 )) MiB"
done
