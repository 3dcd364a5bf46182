#!/usr/bin/env bash
# Import bounds (issue 12, point 13): the server's peak memory (VmHWM) and the answer's
# time when a signed-in importer uploads an .xlsx whose sheet unpacks to BOMB_MB (a zip
# bomb of ~0.5 MB), and, for comparison, when it checks a real 100,000-row registry
# .xlsx (dry run). A fresh server for each, so each peak is its own.
#
#   bash bench/import-bounds.sh
#
# Environment: BENCH_BOMB_MB [500], BENCH_COUNT [100000].
set -euo pipefail
cd "$(dirname "$0")/.."
BOMB_MB=${BENCH_BOMB_MB:-500}
COUNT=${BENCH_COUNT:-100000}
PORT=18184
PASSWORD=Bench-pass-2026
WORK=$(mktemp -d)
trap '[ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

source bench/common.sh
log "building the release binaries"
cargo build --release -q -p sanshe -p benchtool
python3 - "$WORK/bomb.xlsx" "$BOMB_MB" <<'PY'
import sys, zipfile
path, mb = sys.argv[1], int(sys.argv[2])
row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20000
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
        for _ in range(mb * 1024 * 1024 // len(row) + 1):
            sheet.write(row)
PY
target/release/sanshe-bench organizations "$COUNT" "$WORK/registry.xlsx" "$WORK/queries.txt" 2>/dev/null
log "bomb.xlsx: $(stat -c %s "$WORK/bomb.xlsx") bytes unpacking to $BOMB_MB MB; registry.xlsx: $(stat -c %s "$WORK/registry.xlsx") bytes"

start_server() {
  rm -rf "$WORK/data" && mkdir "$WORK/data"
  SANSHE_DATA_DIR=$WORK/data SANSHE_DEMO_PASSWORD=$PASSWORD RUST_LOG=warn \
    target/release/sanshe serve --demo --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 300); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && return; sleep 0.2; done
  log "the server did not start"; cat "$WORK/server.log" >&2; exit 1
}

peak_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status"; }

# upload NAME FILE ROUTE: prints NAME, the HTTP status, seconds, the peak before and after.
upload() {
  local name=$1 file=$2 route=$3 base=http://127.0.0.1:$PORT jar=$WORK/cookies csrf before answer
  start_server
  csrf=$(curl -fs -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"registrar-330400\",\"password\":\"$PASSWORD\"}" "$base/api/v1/auth/login" |
    sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
  before=$(peak_mb)
  answer=$(curl -s -o "$WORK/answer.json" -w '%{http_code} %{time_total}' -b "$jar" -H "x-csrf-token: $csrf" \
    -H 'accept-language: en' -F "file=@$file" "$base$route")
  printf '%-28s status %s  %6.2f s  peak %4s MB -> %4s MB  %s\n' "$name" ${answer% *} ${answer#* } \
    "$before" "$(peak_mb)" "$(head -c 160 "$WORK/answer.json")"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
}

upload "bomb (${BOMB_MB} MB unpacked)" "$WORK/bomb.xlsx" /api/v1/organizations/import
upload "registry ($COUNT rows, dry)" "$WORK/registry.xlsx" /api/v1/organizations/import
