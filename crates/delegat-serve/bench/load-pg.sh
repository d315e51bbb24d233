#!/bin/sh
# The decision log in PostgreSQL under load (docs/PERFORMANCE.md, "The decision log in
# PostgreSQL"): on loopback, in one run, with wrk (`apt-get install wrk`) and PostgreSQL's
# server binaries (`apt-get install postgresql`):
#   - one instance of `delegat serve` with the SQLite log (WAL, synchronous=FULL);
#   - one instance with the log in PostgreSQL;
#   - two instances on the same PostgreSQL database, each loaded by its own wrk with half
#     the connections at the same time (throughput summed, p50 and p99 the worse of the two);
# at 16 and 64 connections for DURATION seconds (default 5), rounds interleaved. The
# PostgreSQL server is a cluster made for the run in a temporary directory, with its
# defaults (fsync and synchronous_commit on: as durable as the SQLite log), run as the
# `postgres` user when this script runs as root.
# Prints one Markdown row per measurement: throughput (requests/s), p50 and p99 latency.
#
# Usage: crates/delegat-serve/bench/load-pg.sh [DURATION]   (from the repository root, after
#        `cargo build --release -p delegat-cli`; CARGO_TARGET_DIR is honoured)
set -eu
DURATION=${1:-5}
TARGET=${CARGO_TARGET_DIR:-target}
DELEGAT="$TARGET/release/delegat"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
WORK=$(mktemp -d)
AS=""
[ "$(id -u)" = 0 ] && AS="runuser -u postgres --"
PORT=$(( 20000 + $$ % 20000 ))
PID_S=; PID_P1=; PID_P2=
cleanup() {
    kill $PID_S $PID_P1 $PID_P2 2>/dev/null || true
    $AS "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir "$WORK/paket" "$WORK/pg"
# The server user must pass through the (owner-only) temporary directory.
[ -n "$AS" ] && chmod 711 "$WORK" && chown postgres: "$WORK/pg"
$AS "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
$AS "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
    -o "-p $PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null
$AS "$PGBIN/psql" -h "$WORK/pg" -p "$PORT" -U postgres -q -c "CREATE DATABASE bench" postgres
URL="postgres://postgres@127.0.0.1:$PORT/bench"

"$DELEGAT" build examples/forsorjningsstod.regel -o "$WORK/paket/fs.paket" >/dev/null 2>&1
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("examples/fall/forsorjningsstod.json", "r")
wrk.body = f:read("*a")
f:close()
LUA

start() { # $1 name, $2 log
    "$DELEGAT" serve --paket "$WORK/paket" --adress 127.0.0.1:0 --logg "$2" \
        > "$WORK/addr.$1" 2>/dev/null &
}
start S "$WORK/logg.db"; PID_S=$!
start P1 "$URL"; PID_P1=$!
start P2 "$URL"; PID_P2=$!
address() { # $1: S, P1 or P2
    while ! grep -q lyssnar "$WORK/addr.$1" 2>/dev/null; do sleep 0.1; done
    sed -n 's/lyssnar på //p' "$WORK/addr.$1"
}
S=$(address S)
P1=$(address P1)
P2=$(address P2)
DECIDE="/beslut/f%C3%B6rs%C3%B6rjningsst%C3%B6d"

# wrk's requests/s, p50 and p99 (in ms) and non-2xx count, one line.
run_wrk() { # $1 connections, $2 url
    threads=1; [ "$1" -gt 1 ] && threads=2
    wrk -t"$threads" -c"$1" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$2" | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx/ { non = $5 }
        END { printf "%s %.2f %.2f %d\n", rps, p50, p99, non }'
}

row() { # $1 label, $2 connections, then "rps p50 p99 non2xx"
    echo "| $1 | $2 | $3 | $4 ms | $5 ms | $6 |"
}

echo "| log | connections | requests/s | p50 | p99 | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for c in 16 64; do
    row "SQLite, one instance" "$c" $(run_wrk "$c" "$S$DECIDE")
    row "PostgreSQL, one instance" "$c" $(run_wrk "$c" "$P1$DECIDE")
    half=$(( c / 2 ))
    run_wrk "$half" "$P1$DECIDE" > "$WORK/w1" &
    w1=$!
    run_wrk "$half" "$P2$DECIDE" > "$WORK/w2"
    wait $w1
    row "PostgreSQL, two instances" "$c" $(cat "$WORK/w1" "$WORK/w2" | awk '
        { rps += $1; if ($2 > p50) p50 = $2; if ($3 > p99) p99 = $3; non += $4 }
        END { printf "%.2f %.2f %.2f %d", rps, p50, p99, non }')
done
# The shared log is whole: one chain over both instances' decisions.
kill $PID_P1 $PID_P2; wait $PID_P1 $PID_P2 2>/dev/null || true; PID_P1=; PID_P2=
"$DELEGAT" logg verifiera "$URL" >&2
