#!/usr/bin/env bash
# Foundation benchmark: idle RSS and startup time of `padu serve`, and throughput / p95 latency
# of an authenticated list endpoint (GET /api/v1/sites) over 10,000 records, on SQLite and,
# when PADU_BENCH_POSTGRES_URL is set, PostgreSQL. Load from wrk (Debian package).
# Usage: bench/foundation.sh   (prints figures; goals: idle RSS < 60 MB, startup < 1 s)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release --locked -q
bin=target/release/padu
out=$(mktemp -d)
trap 'pkill -f "$out" 2>/dev/null || true; rm -rf "$out"' EXIT
export PADU_ADMIN_PASSWORD='Kominfo-Pessel-2026!'

# 10,000 sites in the Tabel 4.2 format, loaded by the same importer a region uses.
python3 - "$out/sites.tsv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("NO\tLAYANAN\tNAMA OPD (LOKASI/CABANG)\tALAMAT INSTALASI\tLEBAR PITA (MBPS)\tTITIK KOORDINAT\n")
    for i in range(1, 10001):
        f.write(f"{i}\tMETRO E\tPUSKESMAS BENCH {i:05d}\tJL. LINTAS SUMATERA KM {i}\t{10 + i % 31}\t-{1 + (i % 100) / 100:.6f} {100 + (i % 97) / 100:.6f}\n")
PY

cat > "$out/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("requests/s %.0f  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

run() {
  local engine=$1; shift
  local dir="$out/data-$engine"; mkdir -p "$dir"
  local port=$((18000 + RANDOM % 1000))
  local t0=$(date +%s%N)
  "$bin" serve --data-dir "$dir" --listen 127.0.0.1:$port "$@" >"$dir/log" 2>&1 &
  local pid=$!
  # (first start: migrations, Pemda and admin; the time includes Argon2id hashing of the password)
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.01; done
  local t1=$(date +%s%N)
  sleep 2
  local rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "[$engine] startup to first healthy answer: $(( (t1 - t0) / 1000000 )) ms; idle RSS: $((rss / 1024)) MB"
  kill $pid; wait $pid 2>/dev/null || true
  "$bin" import-sites --data-dir "$dir" "$@" "$out/sites.tsv" 2>/dev/null | sed "s/^/[$engine] /"
  "$bin" serve --data-dir "$dir" --listen 127.0.0.1:$port "$@" >"$dir/log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.01; done
  local token=$(curl -s -XPOST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PADU_ADMIN_PASSWORD\",\"expires_in_hours\":2}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
  local total=$(curl -s "http://127.0.0.1:$port/api/v1/sites?per_page=1" -H "Authorization: Bearer $token" | python3 -c 'import sys,json; print(json.load(sys.stdin)["total"])')
  echo "[$engine] records visible to the caller: $total"
  echo -n "[$engine] GET /api/v1/sites?per_page=50 (authenticated), 2 threads, 32 connections, 15 s: "
  wrk -t2 -c32 -d15s -s "$out/report.lua" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/sites?per_page=50" | tail -1
  echo -n "[$engine] same, with a text search (q=bench+01): "
  wrk -t2 -c32 -d10s -s "$out/report.lua" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/sites?per_page=50&q=bench+01" | tail -1
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "[$engine] RSS after load: $((rss / 1024)) MB"
  kill $pid; wait $pid 2>/dev/null || true
}

run sqlite
if [ -n "${PADU_BENCH_POSTGRES_URL:-}" ]; then
  run postgres --database-url "$PADU_BENCH_POSTGRES_URL"
fi
