#!/usr/bin/env bash
# Service bus benchmark (issue 3). On loopback, one upstream (nginx serving a small JSON
# document), load from wrk with the same connections and duration for each:
#   (a) nginx as a plain reverse proxy to the upstream: the physical-limit peer
#   (b) the Padu gateway: token auth + access check + durable, chained, signed message log
# Prints requests/s, p50 and p99 for each, the ratio b/a and padu's peak RSS.
# Goals: b/a >= 0.5, b >= 5000 req/s, peak RSS < 150 MB.
# Then the crash test: kill -9 the gateway under load, restart, `padu gsb log verify`, and
# check that every 2xx response wrk received has its record.
# Usage: bench/gsb.sh [seconds] [connections]        (SQLite; PADU_BENCH_POSTGRES_URL for PG)
set -euo pipefail
cd "$(dirname "$0")/.."
need() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx
need sqlite3 sqlite3
secs=${1:-15}
conns=${2:-32}
cargo build --release --locked -q
bin=$PWD/target/release/padu
out=$(mktemp -d)
trap 'kill $(cat "$out"/*.pid 2>/dev/null) 2>/dev/null || true; pkill -f "$out" 2>/dev/null || true; rm -rf "$out"' EXIT
export PADU_ADMIN_PASSWORD='Kominfo-Pessel-2026!'
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
up=$(port); proxy=$(port); web=$(port); gw=$(port)

cat > "$out/nginx.conf" <<NGINX
worker_processes 1;
pid $out/nginx.pid;
error_log $out/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backend { server 127.0.0.1:$up; keepalive 64; }
  server {
    listen 127.0.0.1:$up;
    location / { default_type application/json; return 200 '{"nik":"1301010101010001","nama":"Rina","status":"aktif"}'; }
  }
  server {
    listen 127.0.0.1:$proxy;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
nginx -c "$out/nginx.conf" -p "$out"

cat > "$out/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("%.0f req/s  p50 %.2f ms  p99 %.2f ms  non-2xx %d  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

start_padu() {
  "$bin" serve --data-dir "$out/data" --listen 127.0.0.1:$web --gateway-listen 127.0.0.1:$gw --gateway-plain \
    --demo --jobs-secs 86400 ${PADU_BENCH_POSTGRES_URL:+--database-url "$PADU_BENCH_POSTGRES_URL"} >>"$out/padu.log" 2>&1 &
  echo $! > "$out/padu.pid"
  until curl -sf "http://127.0.0.1:$web/healthz" >/dev/null; do sleep 0.05; done
}
start_padu
api() { curl -sf -XPOST "http://127.0.0.1:$web$1" -H "Authorization: Bearer $admin" -H 'content-type: application/json' -d "$2"; }
admin=$(curl -s -XPOST "http://127.0.0.1:$web/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PADU_ADMIN_PASSWORD\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
id() { python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])'; }
prov=$(api /api/v1/gsb/members '{"instance":"ID-PESSEL","member_class":"GOV","member_code":"disdukcapil","name":"Disdukcapil"}' | id)
cli=$(api /api/v1/gsb/members '{"instance":"ID-PESSEL","member_class":"GOV","member_code":"dinsos","name":"Dinas Sosial"}' | id)
sub=$(api /api/v1/gsb/members/$prov/subsystems '{"code":"siak","name":"SIAK"}' | id)
csub=$(api /api/v1/gsb/members/$cli/subsystems '{"code":"dtks","name":"DTKS","rate_per_second":1000000}' | id)
svc=$(api /api/v1/gsb/subsystems/$sub/services "{\"code\":\"penduduk\",\"title\":\"Data penduduk\",\"base_url\":\"http://127.0.0.1:$up\"}" | id)
api /api/v1/gsb/services/$svc/access '{"client":"ID-PESSEL/GOV/dinsos/dtks","method":"GET","path":"/v1/penduduk/*"}' >/dev/null
token=$(api /api/v1/gsb/subsystems/$csub/tokens '{"name":"bench"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["secret"])')
path=/r1/ID-PESSEL/GOV/disdukcapil/siak/penduduk/v1/penduduk/1301010101010001
hdr=(-H "X-Road-Client: ID-PESSEL/GOV/dinsos/dtks" -H "X-Padu-Token: $token")
curl -sf "http://127.0.0.1:$gw$path" "${hdr[@]}" >/dev/null || { echo "gateway smoke request failed"; tail "$out/padu.log"; exit 1; }

echo "wrk: 2 threads, $conns connections, ${secs}s each; upstream nginx returns a 62-byte JSON document"
printf '(a) nginx reverse proxy          '
a=$(wrk -t2 -c$conns -d${secs}s -s "$out/report.lua" "http://127.0.0.1:$proxy/v1/penduduk/1301010101010001" | tail -1); echo "$a"
printf '(b) padu gateway (auth+log)      '
b=$(wrk -t2 -c$conns -d${secs}s -s "$out/report.lua" "${hdr[@]}" "http://127.0.0.1:$gw$path" | tail -1); echo "$b"
pid=$(cat "$out/padu.pid")
echo "padu peak RSS under load: $(( $(awk '/VmHWM/ {print $2}' /proc/$pid/status) / 1024 )) MB"
python3 -c "a=float('$a'.split()[0]); b=float('$b'.split()[0]); print(f'ratio b/a = {b/a:.2f}  (goal >= 0.5; b goal >= 5000 req/s)')"

echo "crash test: kill -9 the gateway under load"
cat > "$out/ids.lua" <<'LUA'
local counter = 0
local threads = {}
setup = function(thread) thread:set("id", #threads); table.insert(threads, thread) end
init = function() out = io.open(os.getenv("IDS_DIR") .. "/ids-" .. id .. ".txt", "w") end
response = function(status, headers, body)
  if status >= 200 and status < 300 then
    local xid = headers["x-road-id"] or headers["X-Road-Id"]
    if xid then out:write(xid, "\n"); out:flush() end
  end
end
LUA
IDS_DIR=$out wrk -t2 -c$conns -d8s -s "$out/ids.lua" "${hdr[@]}" "http://127.0.0.1:$gw$path" >/dev/null 2>&1 &
wrk_pid=$!
sleep 4
kill -9 "$(cat "$out/padu.pid")"
wait $wrk_pid || true
received=$(cat "$out"/ids-*.txt | sort -u | wc -l)
start_padu
sleep 1.5
"$bin" gsb log verify --data-dir "$out/data" ${PADU_BENCH_POSTGRES_URL:+--database-url "$PADU_BENCH_POSTGRES_URL"} 2>/dev/null
if [ -n "${PADU_BENCH_POSTGRES_URL:-}" ]; then
  psql "$PADU_BENCH_POSTGRES_URL" -Atc "SELECT x_road_id FROM gsb_messages" | sort -u > "$out/logged.txt"
else
  sqlite3 "$out/data/padu.db" "SELECT x_road_id FROM gsb_messages" | sort -u > "$out/logged.txt"
fi
missing=$(cat "$out"/ids-*.txt | sort -u | comm -23 - "$out/logged.txt" | wc -l)
echo "2xx responses received before the kill: $received; of them without a record: $missing"
[ "$missing" -eq 0 ]
