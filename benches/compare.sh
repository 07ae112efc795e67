#!/usr/bin/env bash
# jwtpad against the tools people would pick instead, in one run (issue 13). Not a test: it
# prints medians and ratios. Each comparison runs interleaved, A B A B ... (the windows
# A B B A ...), so whatever else the machine does falls on both sides alike.
#
# Usage: [DISPLAY=:99] bash benches/compare.sh [-n RUNS] [--no-build] [--batch-count N]
#                                                [--window-only] [--profile NAME]
#   -n RUNS            runs of each side (default 30)
#   --profile NAME     the cargo profile of jwtpad and the empty window: dist (the default:
#                      what the packages ship, whole-program LTO) or release
#   --no-build         reuse target/PROFILE/jwtpad, jwtpad-window and examples/empty_window
#   --batch-count N    tokens in the batch comparison (default 1000)
#   --window-only      only the window against the empty window (no jwt-cli, idle, batch)
#
# - Command line: `jwtpad decode --secret-env S TOKEN` against `jwt decode --secret ...`
#   (jwt-cli 6.2) and `jwtpad encode --payload '{"iss":"cid"}'` against `jwt encode`, each
#   under `perf stat` (wall time, task-clock, page faults). jwt-cli is installed into
#   target/compare/jwt-cli with `cargo install` when no jwt 6.2 is on PATH.
# - Window (needs DISPLAY; under Xvfb start it with -noreset): time from exec to a visible
#   window, polled every 5 ms, and peak RSS, jwtpad against examples/empty_window.rs.
# - Idle (needs DISPLAY): frames painted from 2 s to 7 s after start, counted with
#   JWTPAD_FRAME_LOG: with no countdown on screen, with a countdown in seconds, and with the
#   first-start example's countdown in minutes.
# - Batch: `jwtpad batch` against a shell loop of `jwt encode` making the same count of
#   tokens with the same claims, and jwtpad batch's tokens per second at 100,000 on one core.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=30
build=1
window_only=0
batch_count=1000
profile=dist
while [ $# -gt 0 ]; do
    case $1 in
        -n) runs=${2:?"-n needs a number"}; shift 2 ;;
        --no-build) build=0; shift ;;
        --batch-count) batch_count=${2:?"--batch-count needs a number"}; shift 2 ;;
        --window-only) window_only=1; shift ;;
        --profile) profile=${2:?"--profile needs a name"}; shift 2 ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done
case $profile in dist|release) ;; *) echo "compare.sh: --profile is dist or release" >&2; exit 2 ;; esac
case $runs in ''|*[!0-9]*|0) echo "compare.sh: -n needs a whole number above 0" >&2; exit 2 ;; esac
case $batch_count in ''|*[!0-9]*|0) echo "compare.sh: --batch-count needs a whole number above 0" >&2; exit 2 ;; esac

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "compare.sh: needs $1 ($2)" >&2; exit 2; }
}
need cargo "rustup.rs"
need perf "Debian: apt install linux-perf; and kernel.perf_event_paranoid <= 2"
need awk "apt install gawk or mawk"
need readelf "apt install binutils"

tmp=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# (a) jwt-cli 6.2: the one on PATH, or one installed (once) under target/compare.
jwt_root=target/compare/jwt-cli
if [ "$window_only" = 1 ]; then
    jwt=
elif command -v jwt >/dev/null 2>&1 && jwt --version 2>/dev/null | grep -q ' 6\.2\.'; then
    jwt=$(command -v jwt)
else
    jwt=$jwt_root/bin/jwt
    if ! { [ -x "$jwt" ] && "$jwt" --version | grep -q ' 6\.2\.'; }; then
        echo "installing jwt-cli 6.2.0 into $jwt_root ..." >&2
        cargo install --quiet --root "$jwt_root" jwt-cli --version 6.2.0 --locked
    fi
fi

# (b) jwtpad and the empty window, both in one profile.
jwtpad=target/$profile/jwtpad
# What `jwtpad` with no subcommand runs (src/cli/launch.rs); timed through `jwtpad`, as users start it.
jwtpad_window=target/$profile/jwtpad-window
empty=target/$profile/examples/empty_window
if [ "$build" = 1 ]; then
    cargo build --quiet --profile "$profile" --bin jwtpad --bin jwtpad-window --example empty_window
fi
for bin in "$jwtpad" "$jwtpad_window" "$empty"; do
    [ -x "$bin" ] || { echo "compare.sh: $bin is missing (run without --no-build)" >&2; exit 2; }
done

median() {
    sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# Column $2 (1-based) of file $1, its median.
col_median() { awk -v c="$2" '{ print $c }' "$1" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }'; }

rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s | %s |' "$@")"); }

# (c) Command line. One process under perf stat; appends "wall_ms cpu_ms faults" to $1.
export S=a-string-secret-at-least-256-bits-long
perf_once() {
    local out=$1
    shift
    if ! perf stat -x, -e duration_time,task-clock,page-faults -o "$tmp/perf" -- "$@" \
        >/dev/null 2>"$tmp/err"; then
        echo "compare.sh: this failed: $*" >&2
        cat "$tmp/err" >&2
        exit 1
    fi
    awk -F, '$3 == "duration_time" { w = $1 / 1e6 } $3 == "task-clock" { c = $1 }
        $3 ~ /^page-faults/ { f = $1 } END { printf "%.3f %.3f %d\n", w, c, f }' \
        "$tmp/perf" >>"$out"
}
token=$("$jwtpad" encode --secret-env S --payload '{"iss":"cid","exp":4102444800}')
cli_pair() {
    local what=$1 a=$2 b=$3
    shift 3
    local -a cmd_a cmd_b
    IFS=$'\x1f' read -r -a cmd_a <<<"$a"
    IFS=$'\x1f' read -r -a cmd_b <<<"$b"
    : >"$tmp/a"
    : >"$tmp/b"
    # One warm-up each (page cache), not counted.
    perf_once "$tmp/warm" "${cmd_a[@]}"
    perf_once "$tmp/warm" "${cmd_b[@]}"
    for _ in $(seq "$runs"); do
        perf_once "$tmp/a" "${cmd_a[@]}"
        perf_once "$tmp/b" "${cmd_b[@]}"
    done
    local wa wb ca cb fa fb
    wa=$(col_median "$tmp/a" 1); wb=$(col_median "$tmp/b" 1)
    ca=$(col_median "$tmp/a" 2); cb=$(col_median "$tmp/b" 2)
    fa=$(col_median "$tmp/a" 3); fb=$(col_median "$tmp/b" 3)
    row "$what, wall" "$wa ms" "$wb ms" "$(ratio "$wa" "$wb")" "≤ 1.0×"
    row "$what, task-clock" "$ca ms" "$cb ms" "$(ratio "$ca" "$cb")" "≤ 1.0×"
    row "$what, page faults" "$fa" "$fb" "$(ratio "$fa" "$fb")" ""
}
sep=$'\x1f'
if [ "$window_only" = 0 ]; then
    cli_pair "decode (jwt-cli 6.2)" \
        "$jwtpad${sep}decode${sep}--secret-env${sep}S${sep}$token" \
        "$jwt${sep}decode${sep}--secret${sep}$S${sep}$token"
    cli_pair "encode (jwt-cli 6.2)" \
        "$jwtpad${sep}encode${sep}--secret-env${sep}S${sep}--payload${sep}{\"iss\":\"cid\"}" \
        "$jwt${sep}encode${sep}--secret${sep}$S${sep}{\"iss\":\"cid\"}"

    size_a=$(stat -c %s "$jwtpad"); size_b=$(stat -c %s "$(readlink -f "$jwt")")
    rel_a=$(readelf -r "$jwtpad" | wc -l); rel_b=$(readelf -r "$(readlink -f "$jwt")" | wc -l)
    row "$profile binary, bytes" "$size_a" "$size_b" "$(ratio "$size_a" "$size_b")" ""
    row "readelf -r lines (relocations)" "$rel_a" "$rel_b" "$(ratio "$rel_a" "$rel_b")" ""
fi

if [ -n "${DISPLAY:-}" ]; then
    need xdotool "apt install xdotool"
    # Waits until process $1 shows a visible window titled $2; fails, with its stderr ($3),
    # if it exits first.
    wait_for_window() {
        until xdotool search --onlyvisible --pid "$1" --name "^$2\$" >/dev/null 2>&1; do
            if ! kill -0 "$1" 2>/dev/null; then
                echo "compare.sh: $2 exited before showing its window:" >&2
                cat "$3" >&2
                exit 1
            fi
            sleep 0.005
        done
    }
    # Starts $2 (titled $3) with fresh data and config dirs under $1; sets $pid.
    launch() {
        local home=$1 bin=$2
        mkdir -p "$home/data" "$home/config"
        XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config "$bin" >/dev/null 2>"$home/log" &
        pid=$!
        pids+=("$pid")
    }
    stop() {
        kill "$1" 2>/dev/null || true
        wait "$1" 2>/dev/null || true
        # Xvfb refuses a client that comes right after one leaves unless started -noreset.
        sleep 0.2
    }
    # (d) One start: appends "ms_to_visible peak_rss_kib" to $1.
    window_once() {
        local out=$1 bin=$2 title=$3 home start shown
        home=$(mktemp -d "$tmp/w.XXXX")
        start=$(date +%s%N)
        launch "$home" "$bin"
        wait_for_window "$pid" "$title" "$home/log"
        shown=$(( ($(date +%s%N) - start) / 1000000 ))
        # The first frames settle after the window maps; read the peak after them.
        sleep 1
        echo "$shown $(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")" >>"$out"
        stop "$pid"
    }
    : >"$tmp/wa"
    : >"$tmp/wb"
    : >"$tmp/wc"
    for i in $(seq "$runs"); do
        # Every other round the empty window goes first (A B B A ...), so neither side
        # always starts right after the other has left.
        if [ $((i % 2)) = 1 ]; then
            window_once "$tmp/wa" "$jwtpad" jwtpad
            window_once "$tmp/wb" "$empty" empty
        else
            window_once "$tmp/wb" "$empty" empty
            window_once "$tmp/wa" "$jwtpad" jwtpad
        fi
        # --window-only also times the window program started directly: the difference
        # is what the hand-over from `jwtpad` costs.
        if [ "$window_only" = 1 ]; then
            window_once "$tmp/wc" "$jwtpad_window" jwtpad
        fi
    done
    ta=$(col_median "$tmp/wa" 1); tb=$(col_median "$tmp/wb" 1)
    ra=$(col_median "$tmp/wa" 2); rb=$(col_median "$tmp/wb" 2)
    row "time to a visible window" "$ta ms" "$tb ms" "$(ratio "$ta" "$tb")" "≤ 1.1×"
    row "window peak RSS" "$(( ${ra%.*} / 1024 )) MiB" "$(( ${rb%.*} / 1024 )) MiB" \
        "$(ratio "$ra" "$rb")" "≤ 1.1×"
    if [ "$window_only" = 1 ]; then
        tc=$(col_median "$tmp/wc" 1)
        row "time to a visible window, jwtpad-window started directly" "$tc ms" "$tb ms" \
            "$(ratio "$tc" "$tb")" ""
    fi

    # A string literal's inside, for RON or JSON: backslashes and quotes escaped.
    esc() {
        local s=${1//\\/\\\\}
        printf '%s' "${s//\"/\\\"}"
    }
    # (e) Frames painted from 2 s to 7 s after start, with the saved drafts $1 and $2 (none:
    # the first-start example, whose exp is 15 minutes away). Prints the count.
    idle_frames() {
        local home settings
        home=$(mktemp -d "$tmp/i.XXXX")
        if [ $# -eq 2 ]; then
            mkdir -p "$home/data/jwtpad"
            settings="(theme:System,last_profile:None,alg:None,keep_drafts:true,drafts:Some((\"$(esc "$1")\",\"$(esc "$2")\")))"
            printf '{ "app": "%s" }\n' "$(esc "$settings")" >"$home/data/jwtpad/app.ron"
        fi
        JWTPAD_FRAME_LOG=$home/frames launch "$home" "$jwtpad"
        wait_for_window "$pid" jwtpad "$home/log"
        sleep 7.2
        stop "$pid"
        awk '{ t = substr($1, 3) + 0 } t >= 2 && t < 7 { n++ } END { print n + 0 }' "$home/frames"
    }
    header='{"alg":"HS256"}'
    : >"$tmp/i0"
    : >"$tmp/is"
    : >"$tmp/im"
    if [ "$window_only" = 0 ]; then
        for _ in $(seq "$(( runs < 3 ? runs : 3 ))"); do
            idle_frames "$header" '{"sub":"x"}' >>"$tmp/i0"
            # Five minutes to go: the countdown reads in seconds.
            idle_frames "$header" "{\"sub\":\"x\",\"exp\":$(( $(date +%s) + 300 ))}" >>"$tmp/is"
            idle_frames >>"$tmp/im"
        done
        row "idle frames in 5 s, nothing on screen moves" "$(col_median "$tmp/i0" 1)" "" "" "0"
        row "idle frames in 5 s, countdown in seconds" "$(col_median "$tmp/is" 1)" "" "" "5 (1/s)"
        row "idle frames in 5 s, countdown in minutes" "$(col_median "$tmp/im" 1)" "" "" "≤ 1 (1/min)"
    fi
else
    echo "compare.sh: DISPLAY is unset: skipping the window and idle comparisons" >&2
fi

# (f) Batch: `jwtpad batch` against a shell loop of jwt-cli for the same count, with the
# claims of the caf-smart-auth template (iss, exp, personId; header alg HS256 and typ JWT),
# and jwtpad batch's tokens per second at 100,000 on one core.
batch_compare() {
    local count=$1 now exp rounds i start
    now=$(date +%s)
    exp=$(( now + 900 ))
    # jwt-cli makes one token a process; the personId is one valid CPF throughout, as
    # the loop's cost is the process start, not the claims.
    local claims="{\"iss\":\"client-123\",\"exp\":$exp,\"personId\":\"52998224725\"}"
    jwt_loop() {
        for _ in $(seq "$count"); do
            "$jwt" encode --secret "$S" --alg HS256 --no-iat --keep-payload-order "$claims" \
                >/dev/null
        done
    }
    jwtpad_batch() {
        "$jwtpad" batch --template caf-smart-auth --secret-env S --client-id client-123 \
            --now "$now" --seed 7 --count "$1" >/dev/null
    }
    # Both make valid tokens, or the comparison measures an early error.
    "$jwt" encode --secret "$S" --alg HS256 --no-iat --keep-payload-order "$claims" >/dev/null
    jwtpad_batch 1
    : >"$tmp/ba"
    : >"$tmp/bb"
    rounds=$(( runs < 3 ? runs : 3 ))
    for i in $(seq "$rounds"); do
        start=$(date +%s%N)
        jwtpad_batch "$count"
        echo $(( $(date +%s%N) - start )) >>"$tmp/ba"
        start=$(date +%s%N)
        jwt_loop
        echo $(( $(date +%s%N) - start )) >>"$tmp/bb"
    done
    local ta tb
    ta=$(median <"$tmp/ba"); tb=$(median <"$tmp/bb")
    local ms_a ms_b rate_a rate_b
    ms_a=$(awk -v t="$ta" 'BEGIN { printf "%.1f", t / 1e6 }')
    ms_b=$(awk -v t="$tb" 'BEGIN { printf "%.1f", t / 1e6 }')
    rate_a=$(awk -v n="$count" -v t="$ta" 'BEGIN { printf "%.0f", n / (t / 1e9) }')
    rate_b=$(awk -v n="$count" -v t="$tb" 'BEGIN { printf "%.0f", n / (t / 1e9) }')
    row "batch of $count tokens vs a jwt-cli loop, wall" "$ms_a ms" "$ms_b ms" "" ""
    row "batch of $count tokens vs a jwt-cli loop, tokens/s" "$rate_a" "$rate_b" \
        "$(ratio "$rate_a" "$rate_b")" "≥ 100×"

    # 100,000 tokens on one core (taskset when there is one): wall and task-clock.
    local -a pin=()
    local core="one core"
    if command -v taskset >/dev/null 2>&1; then
        pin=(taskset -c 1)
        core="taskset -c 1"
    fi
    : >"$tmp/bc"
    for i in $(seq "$rounds"); do
        perf_once "$tmp/bc" "${pin[@]}" "$jwtpad" batch --template caf-smart-auth \
            --secret-env S --client-id client-123 --now "$now" --seed 7 --count 100000
    done
    local wall cpu
    wall=$(col_median "$tmp/bc" 1); cpu=$(col_median "$tmp/bc" 2)
    row "batch of 100,000 ($core), tokens/s by wall" \
        "$(awk -v t="$wall" 'BEGIN { printf "%.0f", 100000 / (t / 1e3) }')" "" "" "≥ 100,000"
    row "batch of 100,000 ($core), tokens/s by task-clock" \
        "$(awk -v t="$cpu" 'BEGIN { printf "%.0f", 100000 / (t / 1e3) }')" "" "" "≥ 100,000"
}
if [ "$window_only" = 0 ]; then
    batch_compare "$batch_count"
fi

# (g) The table.
echo
echo "jwtpad $(git describe --always --dirty 2>/dev/null || echo '?'), $runs runs each, medians"
echo "| what | jwtpad | anchor | ratio | goal |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
