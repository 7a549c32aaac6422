#!/usr/bin/env bash
# Katalog benchmark (issue 4): 100,000 records in each large register (applications, data sets,
# network sites), loaded through the same CSV import a region uses (`padu import-catalog`,
# timed), then p95 latency of list and search on each register, on SQLite and, when
# PADU_BENCH_POSTGRES_URL is set, PostgreSQL. Load from wrk.
# Usage: bench/catalog.sh [records]     (goal: p95 < 50 ms on both engines)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_LABEL_WIDTH=46
. bench/lib.sh
records=${1:-100000}

# Three registers of $records rows each, over the demo region's PDs, with words of realistic
# frequency: "puskesmas" in about one row in ten, "lunang" one in fifteen, "zeta" one in a
# thousand.
generate() {
  python3 - "$out" "$records" "$@" <<'PY'
import csv, sys, random
out, n, codes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
r = random.Random(20261124)
places = ["Painan", "Salido", "Tarusan", "Batang Kapas", "Sutera", "Lengayang", "Ranah Pesisir",
          "Linggo Sari Baganti", "Pancung Soal", "Basa Ampek Balai", "Lunang", "Silaut", "Koto XI Tarusan", "IV Jurai", "Bayang"]
topics = ["Puskesmas", "Sekolah", "Nagari", "Pasar", "Jalan", "Irigasi", "Perizinan", "Kepegawaian", "Anggaran", "Arsip"]
sectors = ["Pendidikan", "Kesehatan", "Sosial", "Perhubungan", "Komunikasi dan Informatika", "Perizinan", "Statistik", "Manajemen Keuangan"]
def name(i):
    extra = " Zeta" if i % 1000 == 7 else ""
    return f"{r.choice(topics)} {r.choice(places)}{extra} {i:06d}"
with open(f"{out}/applications.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["pd", "name", "description", "kind", "sector", "origin", "status", "in_production_since", "tested_on", "classification"])
    for i in range(n):
        w.writerow([r.choice(codes), "SI " + name(i), f"Aplikasi layanan {r.choice(topics).lower()} untuk {r.choice(places)}",
                    r.choice(["umum", "khusus"]), r.choice(sectors), r.choice(["built", "ready_made"]), "production",
                    "2024-03-01", r.choice(["2024-02-20", ""]), r.choice(["biasa", "biasa", "terbatas"])])
with open(f"{out}/datasets.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["pd", "name", "description", "responsible_person", "classification", "distribution", "retention_years",
                "storage_location", "backup_period", "backup_media", "update_every_months", "last_updated"])
    for i in range(n):
        public = r.random() < 0.7
        w.writerow([r.choice(codes), "Data " + name(i), f"Rekap {r.choice(topics).lower()} per nagari", "Kepala Seksi Data",
                    "biasa" if public else "terbatas", "publik" if public else "internal", r.choice(["5", "10", "permanen"]),
                    "Pusat Data Diskominfo", "mingguan", "NAS", r.choice(["3", "6", "12"]), f"2025-{r.randint(1, 12):02d}-15"])
with open(f"{out}/sites.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["pd", "name", "kind", "address", "bandwidth_mbps", "latitude", "longitude", "classification"])
    for i in range(n):
        w.writerow([r.choice(codes), "Titik " + name(i), r.choice(["puskesmas", "lokasi_publik", "pd_office"]),
                    f"Jl. Lintas Sumatera km {i % 400}", 10 + i % 91, f"{-1.3 - r.random():.6f}", f"{100.5 + r.random() * 0.6:.6f}",
                    r.choice(["biasa", "terbatas"])])
PY
}

run() {
  local engine=$1; shift
  local dir="$out/data-$engine"; mkdir -p "$dir"
  local port=$((19000 + RANDOM % 1000))
  "$bin" serve --demo --data-dir "$dir" --listen 127.0.0.1:$port "$@" >"$dir/log" 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
  local admin=$(login $port admin "$PADU_ADMIN_PASSWORD")
  local codes=$(curl -s "http://127.0.0.1:$port/api/v1/pds?per_page=200" -H "Authorization: Bearer $admin" \
    | python3 -c 'import sys,json; print(" ".join(p["code"] for p in json.load(sys.stdin)["items"]))')
  kill $pid; wait $pid 2>/dev/null || true
  [ -f "$out/applications.csv" ] || generate $codes
  for register in applications datasets sites; do
    local t0=$(date +%s.%N)
    "$bin" import-catalog --data-dir "$dir" "$@" --register $register "$out/$register.csv" 2> >(grep -v 'rows written' >&2)
    printf '[%s] import of %s %s took %.1f s\n' "$engine" "$records" "$register" "$(since $t0)"
  done
  "$bin" serve --data-dir "$dir" --listen 127.0.0.1:$port --jobs-secs 86400 "$@" >"$dir/log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
  admin=$(login $port admin "$PADU_ADMIN_PASSWORD")
  local operator=$(login $port operator.kesehatan "$demo_password")
  local base="http://127.0.0.1:$port/api/v1"
  local kesehatan=$(curl -s "$base/pds?q=dinas+kesehatan&per_page=1" -H "Authorization: Bearer $admin" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
  for register in applications datasets; do
    measure "$engine" "$register: first page (Dinas)" "$admin" "$base/catalog/$register?per_page=50"
    measure "$engine" "$register: page 100 (Dinas)" "$admin" "$base/catalog/$register?per_page=50&page=100"
    measure "$engine" "$register: one PD (its operator)" "$operator" "$base/catalog/$register?pd_id=$kesehatan&per_page=50"
    measure "$engine" "$register: search q=zeta (1 in 1000)" "$admin" "$base/catalog/$register?q=zeta&per_page=50"
    measure "$engine" "$register: search q=puskesmas (1 in 10)" "$admin" "$base/catalog/$register?q=puskesmas&per_page=50"
  done
  measure "$engine" "sites: first page (Dinas)" "$admin" "$base/sites?per_page=50"
  measure "$engine" "sites: search q=zeta (1 in 1000)" "$admin" "$base/sites?q=zeta&per_page=50"
  measure "$engine" "sites: search q=lunang (1 in 15)" "$admin" "$base/sites?q=lunang&per_page=50"
  local t0=$(date +%s.%N)
  curl -s -o /dev/null "$base/catalog/export/applications?format=csv" -H "Authorization: Bearer $admin"
  printf '[%s] CSV export of %s applications: %.1f s\n' "$engine" "$records" "$(since $t0)"
  t0=$(date +%s.%N)
  curl -s -o /dev/null "$base/catalog/findings" -H "Authorization: Bearer $admin"
  printf '[%s] compliance findings over all %s applications and data sets: %.2f s\n' "$engine" "$records" "$(since $t0)"
  local rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "[$engine] RSS after load: $((rss / 1024)) MB; data dir: $(du -sh "$dir" | cut -f1)"
  kill $pid; wait $pid 2>/dev/null || true
}

run sqlite
if [ -n "${PADU_BENCH_POSTGRES_URL:-}" ]; then
  run postgres --database-url "$PADU_BENCH_POSTGRES_URL"
fi
