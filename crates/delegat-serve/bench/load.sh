#!/bin/sh
# The load benchmark of `delegat serve` (docs/PERFORMANCE.md, "delegat serve under load"):
# on loopback, in one run, with wrk (`apt-get install wrk`):
#   - the trivial route (`GET /healthz`) of the same server: the limit of the HTTP stack;
#   - decisions without a log (`POST /beslut/försörjningsstöd`, the example case);
#   - decisions with the durable log (`--logg`, SQLite WAL, synchronous=FULL);
# each at 1, 16 and 64 connections for DURATION seconds (default 5), rounds interleaved.
# Prints one Markdown row per measurement: throughput (requests/s), p50 and p99 latency.
#
# Usage: crates/delegat-serve/bench/load.sh [DURATION]   (from the repository root, after
#        `cargo build --release -p delegat-cli`; CARGO_TARGET_DIR is honoured)
set -eu
DURATION=${1:-5}
TARGET=${CARGO_TARGET_DIR:-target}
DELEGAT="$TARGET/release/delegat"
WORK=$(mktemp -d)
PID_A=; PID_B=
trap 'kill $PID_A $PID_B 2>/dev/null || true; rm -rf "$WORK"' EXIT

mkdir "$WORK/paket"
"$DELEGAT" build examples/forsorjningsstod.regel -o "$WORK/paket/fs.paket" >/dev/null
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("examples/fall/forsorjningsstod.json", "r")
wrk.body = f:read("*a")
f:close()
LUA

"$DELEGAT" serve --paket "$WORK/paket" --adress 127.0.0.1:0 > "$WORK/addr.A" 2>/dev/null &
PID_A=$!
"$DELEGAT" serve --paket "$WORK/paket" --adress 127.0.0.1:0 --logg "$WORK/logg.db" \
    > "$WORK/addr.B" 2>/dev/null &
PID_B=$!
address() { # $1: A or B
    while ! grep -q lyssnar "$WORK/addr.$1" 2>/dev/null; do sleep 0.1; done
    sed -n 's/lyssnar på //p' "$WORK/addr.$1"
}
A=$(address A)
B=$(address B)
DECIDE="/beslut/f%C3%B6rs%C3%B6rjningsst%C3%B6d"

measure() { # $1 label, $2 connections, $3 url, $4 extra wrk flags
    threads=1; [ "$2" -gt 1 ] && threads=2
    out=$(wrk -t"$threads" -c"$2" -d"${DURATION}s" --latency $4 "$3")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    echo "| $1 | $2 | $rps | $p50 | $p99 | ${non2xx:-0} |"
}

echo "| route | connections | requests/s | p50 | p99 | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for c in 1 16 64; do
    measure "trivial (GET /healthz)" "$c" "$A/healthz" ""
    measure "decision, no log" "$c" "$A$DECIDE" "-s $WORK/post.lua"
    measure "decision, durable log" "$c" "$B$DECIDE" "-s $WORK/post.lua"
done
