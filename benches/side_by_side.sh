#!/usr/bin/env bash
# argscope side by side with the Argdown CLI, on the same synthetic debates.
#
#   benches/side_by_side.sh
#
# does it all and prints Markdown tables:
#   1. Argdown → JSON at 1k, 10k and 100k nodes: `argdown json FILE OUTDIR` against
#      `argscope export FILE --format json -o OUT` (release build), run alternately RUNS times
#      each; the median wall time and peak resident memory of each, and their ratios.
#      (Wall time and peak RSS of each process come from wait4, as `/usr/bin/time -f '%e %M'`
#      gives them, without GNU time's own start-up in the time.)
#      At 1M nodes argscope runs alone (the Argdown CLI needs minutes and gigabytes there).
#   2. Reading each format from memory (examples/parse_rate.rs): MB/s per format at 100k nodes.
#   3. Opening a map: `argscope snapshot FILE --size 120x40` (read, parse, lay out, draw one
#      frame: what opening the TUI costs before the first key), per format at 100k and 1M nodes,
#      with peak RSS against the file's size.
#   4. Start-up: `argscope snapshot --size 120x40` on the built-in map, whole process, median
#      of 20; and the resident memory of the built-in map's TUI, run in tmux.
#   5. The machine: cores, CPU model, RAM.
#
# The Argdown CLI is installed into benches/argdown-cli with npm the first time (not globally;
# the folder is ignored by git). Generated files live in a temporary folder, removed at the end.
#
# Settings (environment): RUNS (default 5) runs per tool and size; RUNS_1M (default 3) at 1M;
# SIZES (default "1k 10k 100k") compared with Argdown; ARGSCOPE_ONLY_SIZES (default "1M")
# measured for argscope alone; an empty value skips those. OPEN_SIZES (default "100k 1M") and
# OPEN_FORMATS (default "json argdown kialo aif opml") for opening; PARSE_SIZE (default 100k;
# empty skips reading from memory).
#
# Needs: cargo, npm (Node.js), tmux, python3 (timing, peak memory and medians).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

RUNS=${RUNS:-5}
RUNS_1M=${RUNS_1M:-3}
SIZES=${SIZES-1k 10k 100k}
ARGSCOPE_ONLY_SIZES=${ARGSCOPE_ONLY_SIZES-1M}
OPEN_SIZES=${OPEN_SIZES-100k 1M}
OPEN_FORMATS=${OPEN_FORMATS-json argdown kialo aif opml}
PARSE_SIZE=${PARSE_SIZE-100k}

say() { printf '%s\n' "$*" >&2; }

for tool in npm tmux python3; do
    command -v "$tool" >/dev/null 2>&1 || {
        say "side_by_side.sh needs $tool"
        exit 1
    }
done

argdown="$root/benches/argdown-cli/node_modules/.bin/argdown"
if [ ! -x "$argdown" ]; then
    say "Installing the Argdown CLI into benches/argdown-cli …"
    npm install --prefix benches/argdown-cli @argdown/cli >&2
fi

say "Building argscope (release) …"
cargo build --release --quiet --bin argscope --example generate --example parse_rate
argscope="$root/target/release/argscope"
generate="$root/target/release/examples/generate"
parse_rate="$root/target/release/examples/parse_rate"

work=$(mktemp -d "${TMPDIR:-/tmp}/argscope-side-by-side.XXXXXX")
session="argscope-bench-$$"
cleanup() {
    tmux kill-session -t "$session" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
# Nothing the TUI might write (notes, settings) lands in the user's folders.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" HOME="$work/home"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$HOME"

# Runs a command once and prints its wall time in seconds, from starting the process to
# reaping it (python's clock: GNU time's own start-up would add milliseconds). A failing
# command stops the script.
cat >"$work/wall.py" <<'PY'
import subprocess, sys, time
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    start = time.perf_counter()
    code = subprocess.call(sys.argv[3:], stdout=out, stderr=err)
    seconds = time.perf_counter() - start
if code != 0:
    sys.exit(1)
print(f"{seconds:.6f}")
PY
wall() {
    if ! python3 "$work/wall.py" "$work/stdout.txt" "$work/stderr.txt" "$@"; then
        say "failed: $*"
        head -c 2000 "$work/stderr.txt" >&2
        exit 1
    fi
}

# Runs a command once under GNU time and prints its peak resident memory in kB. (Not from the
# timed runs: a child of python would count python's own pages from before its exec.)
peak() {
    if ! /usr/bin/time -f '%M' -o "$work/time.txt" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt"; then
        say "failed: $*"
        head -c 2000 "$work/stderr.txt" >&2
        exit 1
    fi
    tail -n 1 "$work/time.txt"
}

# The median of the numbers on standard input.
median() {
    python3 -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.stdin.read().split()))'
}

# Formats a calculation (python expression) to the given number of decimals.
calc() {
    python3 -c "print(f'{($2):.$1f}')"
}

mb() { calc 1 "$1 / 1e6"; }

generate_argdown() {
    "$generate" --nodes "$1" --format argdown -o "$2"
}

printf '## argscope and the Argdown CLI side by side\n\n'
printf 'argscope %s (release build); Argdown CLI %s on Node.js %s.\n\n' \
    "$(git rev-parse --short HEAD)" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' benches/argdown-cli/node_modules/@argdown/cli/package.json)" \
    "$(node --version)"

printf '### Argdown → JSON (median wall time of %s runs each, run alternately; peak RSS of one more run)\n\n' "$RUNS"
printf '| nodes | file MB | argdown json s | argdown peak MB | argscope export s | argscope peak MB | argscope faster | argscope memory |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for size in $SIZES; do
    file="$work/debate-$size.argdown"
    generate_argdown "$size" "$file"
    bytes=$(stat -c %s "$file")
    : >"$work/a.t"
    : >"$work/s.t"
    for run in $(seq "$RUNS"); do
        say "$size: run $run of $RUNS"
        rm -rf "$work/argdown-out"
        wall "$argdown" json "$file" "$work/argdown-out" >>"$work/a.t"
        # The Argdown CLI says "JSON export canceled" on a file it rejects; then it wrote nothing.
        [ -s "$work/argdown-out/debate-$size.json" ] || {
            say "argdown json wrote nothing for $file"
            exit 1
        }
        wall "$argscope" export "$file" --format json -o "$work/argscope-out.json" >>"$work/s.t"
    done
    am=$(peak "$argdown" json "$file" "$work/argdown-out")
    sm=$(peak "$argscope" export "$file" --format json -o "$work/argscope-out.json")
    at=$(median <"$work/a.t")
    st=$(median <"$work/s.t")
    printf '| %s | %s | %s | %s | %s | %s | %sx | %sx less |\n' \
        "$size" "$(mb "$bytes")" "$(calc 3 "$at")" "$(calc 0 "$am / 1000")" \
        "$(calc 3 "$st")" "$(calc 0 "$sm / 1000")" "$(calc 0 "$at / $st")" "$(calc 1 "$am / $sm")"
    rm -rf "$file" "$work/argdown-out" "$work/argscope-out.json"
done
for size in $ARGSCOPE_ONLY_SIZES; do
    file="$work/debate-$size.argdown"
    generate_argdown "$size" "$file"
    bytes=$(stat -c %s "$file")
    : >"$work/s.t"
    for run in $(seq "$RUNS_1M"); do
        say "$size: argscope run $run of $RUNS_1M"
        wall "$argscope" export "$file" --format json -o "$work/argscope-out.json" >>"$work/s.t"
    done
    sm=$(peak "$argscope" export "$file" --format json -o "$work/argscope-out.json")
    st=$(median <"$work/s.t")
    printf '| %s | %s | not run | not run | %s | %s | | |\n' \
        "$size" "$(mb "$bytes")" "$(calc 3 "$st")" "$(calc 0 "$sm / 1000")"
    rm -f "$file" "$work/argscope-out.json"
done

if [ -n "$PARSE_SIZE" ]; then
    printf '\n### Reading each format: text in memory to a map\n\n'
    printf 'Median of 5 parses of the same %s-node debate in each format (`cargo run --release --example parse_rate -- %s`).\n\n' "$PARSE_SIZE" "$PARSE_SIZE"
    "$parse_rate" "$PARSE_SIZE" 5
fi

printf '\n### Opening a map in argscope: `argscope snapshot FILE --size 120x40`, whole process\n\n'
printf 'Read, parse, validate, lay out and draw the first 120x40 frame (median wall time of %s runs, %s at 1M; peak RSS of one more run).\n\n' "$RUNS" "$RUNS_1M"
printf '| nodes | format | file MB | wall s | peak RSS MB | RSS / file size |\n'
printf '|---:|---|---:|---:|---:|---:|\n'
for size in $OPEN_SIZES; do
    for format in $OPEN_FORMATS; do
        file="$work/debate-$size.$format"
        "$generate" --nodes "$size" --format "$format" -o "$file"
        bytes=$(stat -c %s "$file")
        runs=$RUNS
        [ "$size" = 1M ] && runs=$RUNS_1M
        : >"$work/s.t"
        for run in $(seq "$runs"); do
            say "$size $format: opening, run $run of $runs"
            wall "$argscope" snapshot --max-size 4G "$file" --size 120x40 >>"$work/s.t"
        done
        sm=$(peak "$argscope" snapshot --max-size 4G "$file" --size 120x40)
        st=$(median <"$work/s.t")
        printf '| %s | %s | %s | %s | %s | %sx |\n' \
            "$size" "$format" "$(mb "$bytes")" "$(calc 3 "$st")" "$(calc 0 "$sm / 1000")" \
            "$(calc 2 "$sm * 1000 / $bytes")"
        rm -f "$file"
    done
done

printf '\n### Start-up and the built-in map\n\n'
: >"$work/s.t"
for run in $(seq 20); do
    wall "$argscope" snapshot --size 120x40 >>"$work/s.t"
done
sm=$(peak "$argscope" snapshot --size 120x40)
printf -- '- `argscope snapshot --size 120x40` on the built-in map, whole process: median %s ms of 20 runs (peak RSS %s MB).\n' \
    "$(calc 1 "$(median <"$work/s.t") * 1000")" "$(calc 1 "$sm / 1000")"

tmux new-session -d -s "$session" -x 120 -y 40 "exec '$argscope' --no-watch"
sleep 2
pid=$(tmux list-panes -t "$session" -F '#{pane_pid}')
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
tmux kill-session -t "$session"
printf -- '- The built-in map in the TUI (120x40, in tmux), after it has drawn: VmRSS %s MB (peak VmHWM %s MB).\n' \
    "$(calc 1 "$rss / 1000")" "$(calc 1 "$hwm / 1000")"

printf '\n### Machine\n\n'
printf -- '- %s cores (nproc), %s\n' "$(nproc)" "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
printf -- '- %s GB RAM\n' "$(awk '/^MemTotal/ {printf "%.1f", $2 / 1e6}' /proc/meminfo)"
printf -- '- %s\n' "$(uname -sr)"
# Other work on the machine slows every figure; the load says how busy it was.
printf -- '- load average (1, 5, 15 min) at the end of the run: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
