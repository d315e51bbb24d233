#!/bin/sh
# The load benchmark of `delegat serve` (docs/PERFORMANCE.md, "delegat serve under load"):
# on loopback, in one run, with wrk (`apt-get install wrk`):
#   - the trivial route (`GET /healthz`) of the same server: the limit of the HTTP stack;
#   - decisions without a log (`POST /beslut/försörjningsstöd`, the example case);
#   - decisions with the durable log (`--logg`, SQLite WAL, synchronous=FULL);
# each at 1, 16 and 64 connections for DURATION seconds (default 5), rounds interleaved.
# Prints one Markdown row per measurement: throughput (requests/s), p50 and p99 latency,
# the server's CPU time per request (user + system, from /proc: on a shared machine the
# steadier figure, since other processes change it much less than they change
# throughput), answers other than 2xx; the load average before and after.
#
# Environment (all optional):
#   DELEGAT=PATH      the build measured (default: the release build of the target dir);
#   BASELINE=PATH     another `delegat` binary (an older build) measured in the same run:
#                     its trivial route and decisions follow each round of the above;
#   SERVER_CPUS=LIST  run the servers under `taskset -c LIST`;
#   CLIENT_CPUS=LIST  run wrk under `taskset -c LIST`.
#
# Usage: crates/delegat-serve/bench/load.sh [DURATION]   (from the repository root, after
#        `cargo build --release -p delegat-cli`; CARGO_TARGET_DIR is honoured)
set -eu
DURATION=${1:-5}
TARGET=${CARGO_TARGET_DIR:-target}
DELEGAT=${DELEGAT:-$TARGET/release/delegat}
BASELINE=${BASELINE:-}
WORK=$(mktemp -d)
PIDS=
trap 'kill $PIDS 2>/dev/null || true; rm -rf "$WORK"' EXIT
server_pin=; [ -n "${SERVER_CPUS:-}" ] && server_pin="taskset -c $SERVER_CPUS"
client_pin=; [ -n "${CLIENT_CPUS:-}" ] && client_pin="taskset -c $CLIENT_CPUS"

mkdir "$WORK/paket"
"$DELEGAT" build examples/forsorjningsstod.regel -o "$WORK/paket/fs.paket" >/dev/null
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("examples/fall/forsorjningsstod.json", "r")
wrk.body = f:read("*a")
f:close()
LUA

start() { # $1 name, $2 binary, $3... extra flags
    name=$1; binary=$2; shift 2
    $server_pin "$binary" serve --paket "$WORK/paket" --adress 127.0.0.1:0 "$@" \
        > "$WORK/addr.$name" 2>/dev/null &
    PIDS="$PIDS $!"
    echo $! > "$WORK/pid.$name"
}
cpu_ticks() { # $1: the server's name; its user + system time in clock ticks
    awk '{print $14 + $15}' "/proc/$(cat "$WORK/pid.$1")/stat"
}
TICKS=$(getconf CLK_TCK)
address() { # $1: the server's name
    while ! grep -q lyssnar "$WORK/addr.$1" 2>/dev/null; do sleep 0.1; done
    sed -n 's/lyssnar på //p' "$WORK/addr.$1"
}
start A "$DELEGAT"
start B "$DELEGAT" --logg "$WORK/logg.db"
A=$(address A)
B=$(address B)
if [ -n "$BASELINE" ]; then
    start C "$BASELINE"
    start D "$BASELINE" --logg "$WORK/logg-baseline.db"
    C=$(address C)
    D=$(address D)
fi
DECIDE="/beslut/f%C3%B6rs%C3%B6rjningsst%C3%B6d"

measure() { # $1 label, $2 connections, $3 server name, $4 path, $5 extra wrk flags
    threads=1; [ "$2" -gt 1 ] && threads=2
    url="$(eval echo \$$3)$4"
    before=$(cpu_ticks "$3")
    out=$($client_pin wrk -t"$threads" -c"$2" -d"${DURATION}s" --latency $5 "$url")
    after=$(cpu_ticks "$3")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    cpu=$(awk -v t="$((after - before))" -v hz="$TICKS" -v n="$n" \
        'BEGIN {v = 0; if (n != 0) v = t * 1e6 / hz / n; printf "%.1f µs", v}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    echo "| $1 | $2 | $rps | $p50 | $p99 | $cpu | ${non2xx:-0} |"
}

echo "load before: $(uptime)"
echo "| route | connections | requests/s | p50 | p99 | server CPU per request | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for c in 1 16 64; do
    measure "trivial (GET /healthz)" "$c" A /healthz ""
    measure "decision, no log" "$c" A "$DECIDE" "-s $WORK/post.lua"
    measure "decision, durable log" "$c" B "$DECIDE" "-s $WORK/post.lua"
    if [ -n "$BASELINE" ]; then
        measure "baseline: trivial" "$c" C /healthz ""
        measure "baseline: decision, no log" "$c" C "$DECIDE" "-s $WORK/post.lua"
        measure "baseline: decision, durable log" "$c" D "$DECIDE" "-s $WORK/post.lua"
    fi
done
echo "load after: $(uptime)"
