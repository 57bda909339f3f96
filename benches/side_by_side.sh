#!/usr/bin/env bash
# argscope side by side with the Argdown CLI, on the same synthetic debates.
#
#   benches/side_by_side.sh
#
# does it all and prints Markdown tables:
#   1. Argdown → JSON at 1k, 10k and 100k nodes: `argdown json FILE OUTDIR` against
#      `argscope export FILE --format json -o OUT` (release build), run alternately RUNS times
#      each; the median wall time and peak resident memory of each, and their ratios.
#      At 1M nodes argscope runs alone (the Argdown CLI needs minutes and gigabytes there).
#   2. Opening a map: `argscope snapshot FILE --size 120x40` (read, parse, lay out, draw one
#      frame: what opening the TUI costs before the first key), on the argscope JSON of each size.
#   3. Start-up: `argscope snapshot --size 120x40` on the built-in map, whole process, median
#      of 20; and the resident memory of the built-in map's TUI, run in tmux.
#   4. The machine: cores, CPU model, RAM.
#
# The Argdown CLI is installed into benches/argdown-cli with npm the first time (not globally;
# the folder is ignored by git). Generated files live in a temporary folder, removed at the end.
#
# Settings (environment): RUNS (default 5) runs per tool and size; RUNS_1M (default 3) at 1M;
# SIZES (default "1k 10k 100k") compared with Argdown; ARGSCOPE_ONLY_SIZES (default "1M")
# measured for argscope alone; an empty value skips those.
#
# Needs: cargo, npm (Node.js), GNU time (/usr/bin/time), tmux, python3 (medians).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

RUNS=${RUNS:-5}
RUNS_1M=${RUNS_1M:-3}
SIZES=${SIZES-1k 10k 100k}
ARGSCOPE_ONLY_SIZES=${ARGSCOPE_ONLY_SIZES-1M}

say() { printf '%s\n' "$*" >&2; }

for tool in npm /usr/bin/time tmux python3; do
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
cargo build --release --quiet --bin argscope --example generate
argscope="$root/target/release/argscope"
generate="$root/target/release/examples/generate"

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

# Runs a command once; prints "SECONDS PEAK_KB". Wall time from bash's microsecond clock, peak
# resident memory from GNU time. A failing command stops the script.
measure() {
    local out="$work/time.txt" start end
    start=$EPOCHREALTIME
    if ! /usr/bin/time -f '%M' -o "$out" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt"; then
        say "failed: $*"
        head -c 2000 "$work/stderr.txt" >&2
        exit 1
    fi
    end=$EPOCHREALTIME
    python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.4f}", sys.argv[3])' \
        "$start" "$end" "$(tail -n 1 "$out")"
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

# argscope's Argdown writer puts a node's data block before its tag (`{quote: "…"} #caveat`),
# which the Argdown CLI rejects ("Expecting token of type Dedent"); with the tag first, both
# tools read the file, and argscope reads the same map from it. Until the writer changes,
# the files compared are rewritten so.
generate_argdown() {
    "$generate" --nodes "$1" --format argdown -o "$2.raw"
    sed -E 's/ (\{[^{}]*\}) (#[a-z]+)$/ \2 \1/' "$2.raw" >"$2"
    rm -f "$2.raw"
}

printf '## argscope and the Argdown CLI side by side\n\n'
printf 'argscope %s (release build); Argdown CLI %s on Node.js %s.\n\n' \
    "$(git rev-parse --short HEAD)" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' benches/argdown-cli/node_modules/@argdown/cli/package.json)" \
    "$(node --version)"

printf '### Argdown → JSON (median of %s runs each, run alternately)\n\n' "$RUNS"
printf '| nodes | file MB | argdown json s | argdown peak MB | argscope export s | argscope peak MB | argscope faster | argscope memory |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for size in $SIZES; do
    file="$work/debate-$size.argdown"
    generate_argdown "$size" "$file"
    bytes=$(stat -c %s "$file")
    : >"$work/a.t"
    : >"$work/a.m"
    : >"$work/s.t"
    : >"$work/s.m"
    for run in $(seq "$RUNS"); do
        say "$size: run $run of $RUNS"
        rm -rf "$work/argdown-out"
        read -r t m < <(measure "$argdown" json "$file" "$work/argdown-out")
        # The Argdown CLI says "JSON export canceled" and exits 1 on a file it rejects.
        [ -s "$work/argdown-out/debate-$size.json" ] || {
            say "argdown json wrote nothing for $file"
            exit 1
        }
        echo "$t" >>"$work/a.t"
        echo "$m" >>"$work/a.m"
        read -r t m < <(measure "$argscope" export "$file" --format json -o "$work/argscope-out.json")
        echo "$t" >>"$work/s.t"
        echo "$m" >>"$work/s.m"
    done
    at=$(median <"$work/a.t")
    am=$(median <"$work/a.m")
    st=$(median <"$work/s.t")
    sm=$(median <"$work/s.m")
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
    : >"$work/s.m"
    for run in $(seq "$RUNS_1M"); do
        say "$size: argscope run $run of $RUNS_1M"
        read -r t m < <(measure "$argscope" export "$file" --format json -o "$work/argscope-out.json")
        echo "$t" >>"$work/s.t"
        echo "$m" >>"$work/s.m"
    done
    st=$(median <"$work/s.t")
    sm=$(median <"$work/s.m")
    printf '| %s | %s | not run | not run | %s | %s | | |\n' \
        "$size" "$(mb "$bytes")" "$(calc 3 "$st")" "$(calc 0 "$sm / 1000")"
    rm -f "$file" "$work/argscope-out.json"
done

printf '\n### Opening a map in argscope: `argscope snapshot FILE --size 120x40`, whole process (median of %s)\n\n' "$RUNS"
printf 'Read, parse, validate, lay out and draw the first 120x40 frame, on the argscope JSON of each size.\n\n'
printf '| nodes | file MB | wall s | peak RSS MB | RSS / file size |\n'
printf '|---:|---:|---:|---:|---:|\n'
for size in $SIZES $ARGSCOPE_ONLY_SIZES; do
    file="$work/debate-$size.json"
    "$generate" --nodes "$size" --format json -o "$file"
    bytes=$(stat -c %s "$file")
    runs=$RUNS
    [ "$size" = 1M ] && runs=$RUNS_1M
    : >"$work/s.t"
    : >"$work/s.m"
    for run in $(seq "$runs"); do
        say "$size: opening, run $run of $runs"
        read -r t m < <(measure "$argscope" snapshot "$file" --size 120x40)
        echo "$t" >>"$work/s.t"
        echo "$m" >>"$work/s.m"
    done
    st=$(median <"$work/s.t")
    sm=$(median <"$work/s.m")
    printf '| %s | %s | %s | %s | %sx |\n' \
        "$size" "$(mb "$bytes")" "$(calc 3 "$st")" "$(calc 0 "$sm / 1000")" "$(calc 2 "$sm * 1000 / $bytes")"
    rm -f "$file"
done

printf '\n### Start-up and the built-in map\n\n'
: >"$work/s.t"
: >"$work/s.m"
for run in $(seq 20); do
    read -r t m < <(measure "$argscope" snapshot --size 120x40)
    echo "$t" >>"$work/s.t"
    echo "$m" >>"$work/s.m"
done
printf -- '- `argscope snapshot --size 120x40` on the built-in map, whole process: median %s ms of 20 runs (peak RSS %s MB).\n' \
    "$(calc 1 "$(median <"$work/s.t") * 1000")" "$(calc 1 "$(median <"$work/s.m") / 1000")"

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
