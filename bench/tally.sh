#!/usr/bin/env bash
# Tally of a whole city's election day (issue 3): every community of Jiaxing (1,202) with
# its share of BENCH_VOTERS voters, 60% of them having voted by phone, counted at once as
# the city would (`POST /api/v1/unified-elections/{id}/count` does the same work). The
# preparation writes straight to the tables; only the count is timed.
#
#   bash bench/tally.sh          # SQLite, then PostgreSQL when it answers on 127.0.0.1:5432
#
# Environment: BENCH_VOTERS [4000000], BENCH_PG_URL [postgres://postgres@127.0.0.1:5432],
# BENCH_SKIP ("sqlite" and/or "pg").
set -euo pipefail
cd "$(dirname "$0")/.."
VOTERS=${BENCH_VOTERS:-4000000}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
SKIP=" ${BENCH_SKIP:-} "
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

source bench/common.sh
log "building the release binaries"
cargo build --release -q -p benchtool

if [[ "$SKIP" != *" sqlite "* ]]; then
  target/release/sanshe-bench tally "sqlite://$WORK/tally.db?mode=rwc" "$VOTERS" | sed 's/^/sqlite_/'
fi
if [[ "$SKIP" != *" pg "* ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
  psql "$PG_URL/test" -qc "drop database if exists sanshe_tally" >&2
  psql "$PG_URL/test" -qc "create database sanshe_tally" >&2
  target/release/sanshe-bench tally "$PG_URL/sanshe_tally" "$VOTERS" | sed 's/^/pg_/'
  psql "$PG_URL/test" -qc "drop database sanshe_tally" >&2
fi
