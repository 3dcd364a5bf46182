#!/usr/bin/env bash
# QR check-in and check-out load (issue 14): distinct volunteers, each with their own API
# token, on many activities of four organisers; half check in, half (checked in before the
# run) check out, alternating, so the figures are for the mix. Every request goes through
# the whole path: token, volunteer and sign-up checks, the group-commit writer, and at
# check-out the entry in the organiser's hash-chained ledger; each answered only after its
# group's commit (SQLite synchronous=FULL). Laid out like bench/ballots.sh so figures divide
# by `http_ballot_rps` of ../shared/limits/limits.sh: server on core 0, `wrk -t1 -c64` on 1.
#
#   bash bench/checkins.sh       # SQLite, then PostgreSQL when it answers on 127.0.0.1:5432
#
# Environment: BENCH_DURATION [10] (at most ~50: the QR tokens are fetched once, before the
# warm-up, and the server takes a token one minute old at most), BENCH_REPEATS [3],
# BENCH_VOLUNTEERS per run [200000], BENCH_ACTIVITIES [200],
# BENCH_PG_URL [postgres://postgres@127.0.0.1:5432], BENCH_SKIP ("sqlite" and/or "pg"),
# BENCH_PORT [18190].
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-10}
REPEATS=${BENCH_REPEATS:-3}
VOLUNTEERS=${BENCH_VOLUNTEERS:-200000}
ACTIVITIES=${BENCH_ACTIVITIES:-200}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
SKIP=" ${BENCH_SKIP:-} "
PORT=${BENCH_PORT:-18190}
WORK=$(mktemp -d)
trap '[ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

source bench/common.sh
need_wrk
log "building the release binaries"
cargo build --release -q -p sanshe -p benchtool

# The QR token each activity shows now, asked of the server by its organiser: `ID TOKEN`.
fetch_qr_tokens() {
  local method path bearer
  while read -r method path bearer; do
    curl -fsS -w '\n' -H "Authorization: Bearer $bearer" "http://127.0.0.1:$PORT$path" |
      sed -E "s|.*\"token\":\"([0-9a-f]+)\".*|$(echo "$path" | cut -d/ -f5) \1|"
  done <"$WORK/qr-requests.txt"
}

# One run on a fresh database: prepare the volunteers, start the server, check in and out
# for DURATION s.
run_once() {
  local url=$1
  target/release/sanshe-bench checkins "$url" "$VOLUNTEERS" "$ACTIVITIES" "$WORK/requests.txt" 2>&1 | sed 's/^/bench: /' >&2
  SANSHE_DATABASE_URL=$url SANSHE_DATA_DIR=$WORK RUST_LOG=warn taskset -c 0 target/release/sanshe serve --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
  grep '^GET ' "$WORK/requests.txt" >"$WORK/qr-requests.txt"
  grep '^POST ' "$WORK/requests.txt" >"$WORK/checks.txt"
  fetch_qr_tokens >"$WORK/qr-tokens.txt"
  # Warm-up with volunteers of their own: the first check-out of each ledger creates it.
  tail -n 1000 "$WORK/checks.txt" >"$WORK/warm.txt"
  head -n -1000 "$WORK/checks.txt" >"$WORK/main.txt"
  export QR_TOKENS=$WORK/qr-tokens.txt
  REQUESTS=$WORK/warm.txt taskset -c 1 wrk -t1 -c8 -d1s -s bench/checkin.lua "http://127.0.0.1:$PORT" >/dev/null
  REQUESTS=$WORK/main.txt taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency -s bench/checkin.lua "http://127.0.0.1:$PORT" | parse_wrk
  awk '/VmHWM/ { printf "%.1f\n", $2 / 1024 }' "/proc/$SERVER/status" >"$WORK/rss"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  SERVER=
}

bench_backend() {
  local backend=$1 make_url=$2
  local results=() rss=()
  for i in $(seq "$REPEATS"); do
    local url line
    url=$($make_url "$i")
    line=$(run_once "$url")
    log "${backend}_checkin run $i: $line (rps p50_ms p99_ms non2xx), peak RSS $(cat "$WORK/rss") MB"
    # A run that failed (no QR token, wrk stopped) has no rate: as bad as a non-2xx answer.
    [[ "$line" =~ ^[0-9.]+\ [0-9.]+\ [0-9.]+\ 0$ ]] || {
      log "non-2xx answers or a failed run: not enough volunteers, or see the server's log"
      tail -n 20 "$WORK/server.log" >&2
      exit 1
    }
    results+=("$line")
    rss+=("$(cat "$WORK/rss")")
  done
  print_medians "${backend}_checkin_mix" "${results[@]}"
  printf '%s\n' "${rss[@]}" | sort -g | tail -n 1 | sed "s/^/${backend}_checkin_server_peak_rss /; s/$/ MB/"
}

sqlite_url() { rm -f "$WORK"/checkins-*.db*; echo "sqlite://$WORK/checkins-$1.db"; }
pg_url() {
  psql "$PG_URL/test" -qc "drop database if exists sanshe_checkins_$1" >&2
  psql "$PG_URL/test" -qc "create database sanshe_checkins_$1" >&2
  echo "$PG_URL/sanshe_checkins_$1?sslmode=disable"
}

[[ "$SKIP" == *" sqlite "* ]] || bench_backend sqlite sqlite_url
if [[ "$SKIP" != *" pg "* ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
  bench_backend pg pg_url
  for i in $(seq "$REPEATS"); do psql "$PG_URL/test" -qc "drop database if exists sanshe_checkins_$i"; done
fi
