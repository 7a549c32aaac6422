#!/usr/bin/env bash
# Layanan benchmark (issue 5): 1,000,000 complaints and 200,000 tickets, then p95 latency of
#   - the Service Desk queue of a PD (Operator PD, open tickets by SLA due time)
#   - the Dinas Tier 2 queue
#   - word search over all complaints (staff)
#   - the public status page of one complaint (by tracking code)
# on SQLite and, when PADU_BENCH_POSTGRES_URL is set, PostgreSQL. Load from wrk.
# Usage: bench/layanan.sh [complaints] [tickets]     (goal: p95 < 50 ms on both engines)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_SECONDS=10
. bench/lib.sh
complaints=${1:-1000000}
tickets=${2:-200000}

run() {
  local engine=$1; shift
  local dir="$out/data-$engine"; mkdir -p "$dir"
  local port=$((19000 + RANDOM % 1000))
  "$bin" serve --demo --data-dir "$dir" --listen 127.0.0.1:$port "$@" >"$dir/log" 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
  kill $pid; wait $pid 2>/dev/null || true
  local t0=$(date +%s)
  local code=$("$bin" bench-seed --data-dir "$dir" "$@" --complaints "$complaints" --tickets "$tickets" 2> >(tail -2 >&2))
  echo "[$engine] seeded $complaints complaints and $tickets tickets in $(( $(date +%s) - t0 )) s"
  "$bin" serve --data-dir "$dir" --listen 127.0.0.1:$port --jobs-secs 86400 "$@" >"$dir/log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
  local admin=$(login $port admin "$PADU_ADMIN_PASSWORD")
  local operator=$(login $port operator.kesehatan "$demo_password")
  local base="http://127.0.0.1:$port"
  echo "[$engine] open tickets of Dinas Kesehatan: $(curl -s "$base/api/v1/tickets?open=true&per_page=1" -H "Authorization: Bearer $operator" | python3 -c 'import sys,json; print(json.load(sys.stdin)["total"])')"
  echo "[$engine] complaints matching 'jembatan retak': $(curl -s "$base/api/v1/complaints?q=jembatan+retak&per_page=1" -H "Authorization: Bearer $admin" | python3 -c 'import sys,json; print(json.load(sys.stdin)["total"])') (counted up to 1000)"
  measure "$engine" "PD queue (operator, open by SLA due)" "$operator" "$base/api/v1/tickets?open=true&per_page=50"
  measure "$engine" "Dinas Tier 2 queue" "$admin" "$base/api/v1/tickets?open=true&tier=2&per_page=50"
  measure "$engine" "ticket search (q=printer)" "$admin" "$base/api/v1/tickets?q=printer&per_page=50"
  measure "$engine" "complaint search (q=jembatan+retak+salido)" "$admin" "$base/api/v1/complaints?q=jembatan+retak+salido&per_page=50"
  measure "$engine" "complaint search (q=jalan, very common)" "$admin" "$base/api/v1/complaints?q=jalan&per_page=50"
  measure "$engine" "public status of one complaint" "" "$base/api/v1/complaints/track/$code"
  measure "$engine" "public list (newest public complaints)" "" "$base/api/v1/complaints?per_page=50"
  local rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "[$engine] RSS after load: $((rss / 1024)) MB; database: $(du -sh "$dir" | cut -f1)"
  kill $pid; wait $pid 2>/dev/null || true
}

run sqlite
if [ -n "${PADU_BENCH_POSTGRES_URL:-}" ]; then
  run postgres --database-url "$PADU_BENCH_POSTGRES_URL"
fi
