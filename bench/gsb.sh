#!/usr/bin/env bash
# Service bus benchmark (issues 3 and 19). On loopback, one upstream (nginx serving a small JSON
# document), load from wrk with the same threads, connections and duration for each pair:
#   nginx: a plain reverse proxy to the upstream, the physical-limit peer
#   padu:  the Padu gateway: credential, access check, durable chained signed message log
# Two modes: plain HTTP (the client's token in X-Padu-Token), and TLS with client certificates
# (`tls`: wrk presents a certificate from the instance CA, which nginx checks too, and Padu
# maps to the client subsystem). nginx gets as many worker processes as the gateway has
# threads (the gateway's default: one per core but one, at least one), so the peer is at its best.
# SQLite always; PostgreSQL too when PADU_BENCH_POSTGRES_URL names a server (the bench makes a
# database of its own there and drops it after). The message log's journal is local with both.
# A server with PostgreSQL's own durability, for this: PADU_BENCH_POSTGRES_URL=$(
#   PADU_POSTGRES_DURABLE=1 PADU_TEST_POSTGRES_PORT=55433 PADU_TEST_POSTGRES_DIR=/tmp/padu-bench-pg scripts/start-postgres.sh)
# For each engine: requests/s and p99 of both in both modes, the ratio, Padu's peak RSS, then
# the crash test: kill -9 the gateway under load, restart, `padu gsb log verify`, and check
# that every 2xx response wrk received has its record.
# Goals (issue 19, plain HTTP): ratio >= 0.6, padu p99 <= nginx p99 + 1 ms, peak RSS < 150 MB,
# 0 acknowledged exchanges lost.
# PADU_BENCH_FLOOR=1 adds a third peer under the same load: an empty proxy on the gateway's own
# libraries (bench/hyper-floor), what the HTTP stack alone reaches, to tell Padu's work from it.
# Usage: bench/gsb.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
need() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx
need sqlite3 sqlite3
need openssl openssl
need cc gcc
[ -z "${PADU_BENCH_POSTGRES_URL:-}" ] || need psql postgresql-client
secs=${1:-15}
conns=${2:-32}
# The gateway's threads, and nginx's worker processes (PADU_BENCH_THREADS, default the gateway's
# own: one per core but one, at least one).
threads=${PADU_BENCH_THREADS:-$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))}
cargo build --release --locked -q
bin=$PWD/target/release/padu
out=$(mktemp -d)
trap 'kill $(cat "$out"/*.pid 2>/dev/null) 2>/dev/null || true; pkill -f "$out" 2>/dev/null || true; rm -rf "$out"' EXIT
export PADU_ADMIN_PASSWORD='Kominfo-Pessel-2026!'
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
json() { python3 -c "import sys,json; print(json.load(sys.stdin)[\"$1\"])"; }
up=$(port); proxy=$(port); tls_proxy=$(port); web=$(port); gw=$(port)
path=/r1/ID-PESSEL/GOV/disdukcapil/siak/penduduk/v1/penduduk/1301010101010001

cat > "$out/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("%.0f req/s  p50 %.2f ms  p99 %.2f ms  non-2xx %d  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
cat > "$out/ids.lua" <<'LUA'
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
cc -shared -fPIC -O2 -o "$out/wrk-client-cert.so" bench/wrk-client-cert.c -ldl
# nginx's server certificate for its TLS proxy (Padu's gateway has its own from the instance CA).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -keyout "$out/nginx.key" -out "$out/nginx.crt" 2>/dev/null

# start_padu ENGINE_DIR plain|tls: the server, waiting until it answers.
start_padu() {
  local plain=
  if [ "$2" = plain ]; then plain=--gateway-plain; fi
  "$bin" serve --data-dir "$1/data" --listen 127.0.0.1:$web --gateway-listen 127.0.0.1:$gw $plain --gateway-threads $threads \
    --demo --jobs-secs 86400 ${database_url:+--database-url "$database_url"} >>"$1/padu.log" 2>&1 &
  echo $! > "$out/padu.pid"
  disown  # the crash test's kill -9 is not news
  until curl -sf "http://127.0.0.1:$web/healthz" >/dev/null; do sleep 0.05; done
}
stop_padu() { kill "$(cat "$out/padu.pid")"; while kill -0 "$(cat "$out/padu.pid")" 2>/dev/null; do sleep 0.05; done; }

# register DIR: the provider, its service and the client with a token and a certificate.
register() {
  local dir=$1 admin prov cli sub csub svc
  admin=$(curl -s -XPOST "http://127.0.0.1:$web/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$PADU_ADMIN_PASSWORD\"}" | json token)
  api() { curl -sf -XPOST "http://127.0.0.1:$web$1" -H "Authorization: Bearer $admin" -H 'content-type: application/json' -d "$2"; }
  prov=$(api /api/v1/gsb/members '{"instance":"ID-PESSEL","member_class":"GOV","member_code":"disdukcapil","name":"Disdukcapil"}' | json id)
  cli=$(api /api/v1/gsb/members '{"instance":"ID-PESSEL","member_class":"GOV","member_code":"dinsos","name":"Dinas Sosial"}' | json id)
  sub=$(api /api/v1/gsb/members/$prov/subsystems '{"code":"siak","name":"SIAK"}' | json id)
  csub=$(api /api/v1/gsb/members/$cli/subsystems '{"code":"dtks","name":"DTKS","rate_per_second":1000000}' | json id)
  svc=$(api /api/v1/gsb/subsystems/$sub/services "{\"code\":\"penduduk\",\"title\":\"Data penduduk\",\"base_url\":\"http://127.0.0.1:$up\"}" | json id)
  api /api/v1/gsb/services/$svc/access '{"client":"ID-PESSEL/GOV/dinsos/dtks","method":"GET","path":"/v1/penduduk/*"}' >/dev/null
  api /api/v1/gsb/subsystems/$csub/tokens '{"name":"bench"}' | json secret > "$dir/token"
  api /api/v1/gsb/subsystems/$csub/certificates '{}' > "$dir/cert.json"
  for f in cert_pem key_pem ca_cert_pem; do json $f < "$dir/cert.json" > "$dir/$f"; done
}

# start_nginx DIR: the upstream, and the peer proxy (plain, and TLS checking client
# certificates against the instance CA of DIR's Padu), each nginx instance with the gateway's
# number of workers; both proxies talk to the same upstream processes.
start_nginx() {
  local name
  # nginx_conf NAME SERVERS: an nginx instance with the bench's worker count.
  nginx_conf() {
    printf 'worker_processes %s;\npid %s;\nerror_log %s;\nevents { worker_connections 4096; }\nhttp {\n  access_log off;\n%s\n}\n' \
      "$threads" "$out/nginx-$2.pid" "$1/nginx-$2-error.log" "$3" > "$1/$2.conf"
  }
  nginx_conf "$1" upstream "
  server {
    listen 127.0.0.1:$up;
    location / { default_type application/json; return 200 '{\"nik\":\"1301010101010001\",\"nama\":\"Rina\",\"status\":\"aktif\"}'; }
  }"
  local pass='location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }'
  nginx_conf "$1" proxy "
  upstream backend { server 127.0.0.1:$up; keepalive 64; }
  server {
    listen 127.0.0.1:$proxy;
    $pass
  }
  server {
    listen 127.0.0.1:$tls_proxy ssl;
    ssl_certificate $out/nginx.crt;
    ssl_certificate_key $out/nginx.key;
    ssl_client_certificate $1/ca_cert_pem;
    ssl_verify_client on;
    $pass
  }"
  for name in upstream proxy; do nginx -c "$1/$name.conf" -p "$1"; done
}
stop_nginx() {
  local name
  for name in upstream proxy; do
    kill -QUIT "$(cat "$out/nginx-$name.pid")"
    while [ -f "$out/nginx-$name.pid" ]; do sleep 0.05; done
  done
}

# load DIR plain|tls nginx|padu [LUA]: wrk's report line.
load() {
  local dir=$1 mode=$2 who=$3 url hdr=(-H "X-Road-Client: ID-PESSEL/GOV/dinsos/dtks")
  case $mode/$who in
    plain/nginx) url=http://127.0.0.1:$proxy/v1/penduduk/1301010101010001 hdr=() ;;
    tls/nginx) url=https://127.0.0.1:$tls_proxy/v1/penduduk/1301010101010001 hdr=() ;;
    plain/padu) url=http://127.0.0.1:$gw$path; hdr+=(-H "X-Padu-Token: $(cat "$dir/token")") ;;
    tls/padu) url=https://127.0.0.1:$gw$path ;;
  esac
  # In TLS mode wrk presents the client's certificate (wrk-client-cert.c).
  LD_PRELOAD=$out/wrk-client-cert.so WRK_CLIENT_CERT=$dir/cert_pem WRK_CLIENT_KEY=$dir/key_pem wrk -t2 -c$conns -d${secs}s -s "$out/report.lua" ${hdr[@]+"${hdr[@]}"} "$url" | tail -1
}

# pair ENGINE DIR MODE: nginx, then Padu, under the same load; one summary line.
pair() {
  local engine=$1 dir=$2 mode=$3 a b rss
  a=$(load "$dir" "$mode" nginx); printf '[%s %-5s] nginx  %s\n' "$engine" "$mode" "$a"
  b=$(load "$dir" "$mode" padu); printf '[%s %-5s] padu   %s\n' "$engine" "$mode" "$b"
  # Exchanges that waited for the message log's indexing (counted since this padu started).
  printf '[%s %-5s] padu   exchanges that waited for indexing so far: %s\n' "$engine" "$mode" \
    "$(curl -sf "http://127.0.0.1:$web/metrics" | awk '/^padu_gsb_log_backlog_waits_total/ {print $2}')"
  rss=$(( $(awk '/VmHWM/ {print $2}' "/proc/$(cat "$out/padu.pid")/status") / 1024 ))
  python3 - "$engine" "$mode" "$a" "$b" "$rss" >> "$out/summary" <<'PY'
import sys
engine, mode, a, b, rss = sys.argv[1:]
ra, rb = float(a.split()[0]), float(b.split()[0])
pa, pb = float(a.split()[6]), float(b.split()[6])
print(f"{engine:8} {mode:5} {ra:9.0f} {pa:6.2f} {rb:9.0f} {pb:6.2f} {rb / ra:6.2f} {pb - pa:+7.2f} {rss:5}")
PY
}

# floor: the same load on an empty proxy built on the gateway's own libraries and thread model
# (bench/hyper-floor), the most the gateway could reach on them (PADU_BENCH_FLOOR=1; plain HTTP).
floor() {
  local port f
  cargo build --release --locked -q --manifest-path bench/hyper-floor/Cargo.toml --target-dir target/hyper-floor
  port=$(port)
  target/hyper-floor/release/hyper-floor "127.0.0.1:$port" "127.0.0.1:$up" "$threads" &
  echo $! > "$out/floor.pid"
  until curl -sf "http://127.0.0.1:$port/v1/penduduk/1301010101010001" >/dev/null; do sleep 0.05; done
  f=$(wrk -t2 -c$conns -d${secs}s -s "$out/report.lua" "http://127.0.0.1:$port/v1/penduduk/1301010101010001" | tail -1)
  kill "$(cat "$out/floor.pid")"; rm "$out/floor.pid"
  printf '[floor plain] hyper  %s  (an empty proxy on the gateway'"'"'s libraries and threads)\n' "$f"
}

# crash ENGINE DIR: kill -9 under load, restart, verify, and look for every 2xx's record.
crash() {
  local engine=$1 dir=$2 received missing
  IDS_DIR=$dir wrk -t2 -c$conns -d8s -s "$out/ids.lua" -H "X-Road-Client: ID-PESSEL/GOV/dinsos/dtks" \
    -H "X-Padu-Token: $(cat "$dir/token")" "http://127.0.0.1:$gw$path" >/dev/null 2>&1 &
  local wrk_pid=$!
  sleep 4
  kill -9 "$(cat "$out/padu.pid")"
  wait $wrk_pid || true
  received=$(cat "$dir"/ids-*.txt | sort -u | wc -l)
  start_padu "$dir" plain
  sleep 1.5
  printf '[%s crash] ' "$engine"
  "$bin" gsb log verify --data-dir "$dir/data" ${database_url:+--database-url "$database_url"} 2>/dev/null
  if [ -n "$database_url" ]; then
    psql "$database_url" -Atc "SELECT x_road_id FROM gsb_messages" | sort -u > "$dir/logged.txt"
  else
    sqlite3 "$dir/data/padu.db" "SELECT x_road_id FROM gsb_messages" | sort -u > "$dir/logged.txt"
  fi
  missing=$(cat "$dir"/ids-*.txt | sort -u | comm -23 - "$dir/logged.txt" | wc -l)
  echo "[$engine crash] 2xx responses received before the kill: $received; of them without a record: $missing"
  echo "$engine $missing" >> "$out/lost"
}

# engine NAME: the whole run on one engine (database_url set for PostgreSQL).
engine() {
  local name=$1 dir=$out/$1
  mkdir -p "$dir"
  start_padu "$dir" plain
  register "$dir"
  start_nginx "$dir"
  curl -sf "http://127.0.0.1:$gw$path" -H "X-Road-Client: ID-PESSEL/GOV/dinsos/dtks" \
    -H "X-Padu-Token: $(cat "$dir/token")" >/dev/null || { echo "gateway smoke request failed"; tail "$dir/padu.log"; exit 1; }
  pair "$name" "$dir" plain
  if [ "$name" = sqlite ] && [ "${PADU_BENCH_FLOOR:-}" = 1 ]; then floor; fi
  crash "$name" "$dir"
  stop_padu
  start_padu "$dir" tls
  curl -sfk --cert "$dir/cert_pem" --key "$dir/key_pem" "https://127.0.0.1:$gw$path" \
    -H "X-Road-Client: ID-PESSEL/GOV/dinsos/dtks" >/dev/null || { echo "gateway TLS smoke request failed"; tail "$dir/padu.log"; exit 1; }
  pair "$name" "$dir" tls
  stop_padu
  stop_nginx
}

echo "wrk: 2 threads, $conns connections, ${secs}s each; the gateway's threads and nginx's workers: $threads;"
echo "upstream nginx returns a 62-byte JSON document"
database_url=
engine sqlite
if [ -n "${PADU_BENCH_POSTGRES_URL:-}" ]; then
  bench_db=padu_bench_gsb_$$
  psql -q "$PADU_BENCH_POSTGRES_URL" -c "CREATE DATABASE $bench_db"
  database_url=${PADU_BENCH_POSTGRES_URL%/*}/$bench_db
  engine postgres
  psql -q "$PADU_BENCH_POSTGRES_URL" -c "DROP DATABASE $bench_db"
fi

echo
echo "engine   mode  nginx r/s    p99  padu r/s    p99  ratio  +p99ms RSS MB"
cat "$out/summary"
python3 - "$out/summary" "$out/lost" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
lost = {l.split()[0]: int(l.split()[1]) for l in open(sys.argv[2])}
ok = True
for engine, mode, ra, pa, rb, pb, ratio, added, rss in rows:
    if mode != "plain":
        continue
    checks = [("ratio >= 0.6", float(ratio) >= 0.6), ("p99 <= nginx + 1 ms", float(added) <= 1.0),
              ("peak RSS < 150 MB", int(rss) < 150), ("0 lost after kill -9", lost.get(engine) == 0)]
    print(f"{engine}: " + ", ".join(f"{name} {'yes' if good else 'NO'}" for name, good in checks))
    ok = ok and all(good for _, good in checks)
print("goals met" if ok else "goals NOT met")
PY
