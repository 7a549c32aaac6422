# What the register and desk benchmarks share (sourced after `cd` to the repository): wrk, the
# release build, a scratch directory cleaned on exit, the demo's passwords, wrk's report line,
# signing in, timing, and measuring a URL under load.
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release --locked -q
bin=target/release/padu
out=$(mktemp -d)
trap 'pkill -f "$out" 2>/dev/null || true; rm -rf "$out"' EXIT
export PADU_ADMIN_PASSWORD='Kominfo-Pessel-2026!'
demo_password='Demo-Padu-2026!'

cat > "$out/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("%.0f req/s  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

# login PORT USER PASSWORD: an API token.
login() {
  curl -s -XPOST "http://127.0.0.1:$1/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$3\",\"expires_in_hours\":2}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])'
}

# since START: seconds since START (a `date +%s.%N`).
since() { python3 -c "import time; print(time.time() - $1)"; }

# measure ENGINE LABEL TOKEN URL: wrk's line under 4 connections always waiting on an answer
# (latency) and 16 (past saturation on 2 cores: throughput, and latency including the queue in
# front of the CPUs), BENCH_SECONDS (8) each, the label padded to BENCH_LABEL_WIDTH (44). An
# empty TOKEN asks anonymously.
measure() {
  local engine=$1 label=$2 token=$3 url=$4
  for c in 4 16; do
    printf '[%s] %-*s c=%-2s ' "$engine" "${BENCH_LABEL_WIDTH:-44}" "$label" "$c"
    wrk -t2 -c$c -d"${BENCH_SECONDS:-8}"s -s "$out/report.lua" ${token:+-H "Authorization: Bearer $token"} "$url" | tail -1
  done
}
