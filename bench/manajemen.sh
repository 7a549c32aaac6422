#!/usr/bin/env bash
# Manajemen risiko benchmark (issue 20): 50,000 risks over the demo region's PDs, loaded through
# the same CSV import a region uses (`padu import-catalog --register risks`, timed), then p95
# latency of the assessed register's first page, a PD's page (its operator), a word search,
# and the heat map over every risk (Dinas) and one PD's, on SQLite and, when
# PADU_BENCH_POSTGRES_URL is set, PostgreSQL. Load from wrk.
# Usage: bench/manajemen.sh [risks]     (goal: p95 < 50 ms on both engines)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
records=${1:-50000}

# $records risks over the PDs and the last three years, every category, area and cell of the
# matrix; "genset" in about one event in a thousand.
generate() {
  python3 - "$out" "$records" "$@" <<'PY'
import csv, sys, random
out, n, codes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
r = random.Random(20261207)
categories = ["rencana_induk_nasional", "arsitektur_spbe", "peta_rencana", "proses_bisnis", "rencana_anggaran",
              "inovasi", "kepatuhan_peraturan", "pengadaan_barang_jasa", "proyek_pembangunan_sistem", "data_informasi",
              "infrastruktur_spbe", "aplikasi_spbe", "keamanan_spbe", "layanan_spbe", "sdm_spbe", "bencana_alam"]
areas = ["finansial", "reputasi", "kinerja", "layanan_organisasi", "operasional_aset_tik", "hukum_regulasi", "sumber_daya_manusia"]
things = ["Server", "Jaringan", "Aplikasi", "Data", "Pegawai", "Anggaran", "Perangkat", "Layanan"]
events = ["padam", "terputus", "diretas", "hilang", "terlambat", "tidak tersedia", "rusak", "bocor"]
with open(f"{out}/risks.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["pd", "period_year", "event", "kind", "category", "impact_area", "cause", "effect", "existing_controls",
                "likelihood", "impact", "decision", "priority", "treatment", "action_plan", "action_owner", "action_due",
                "residual_likelihood", "residual_impact", "classification"])
    for i in range(n):
        extra = " genset" if i % 1000 == 7 else ""
        l, d = r.randint(1, 5), r.randint(1, 5)
        w.writerow([r.choice(codes), 2024 + i % 3, f"{r.choice(things)} {r.choice(events)}{extra} {i:06d}", "negatif",
                    r.choice(categories), r.choice(areas), "Penyebab yang dicatat unit pemilik risiko",
                    "Dampak pada layanan", "Pengendalian yang ada", l, d, "ditangani", 1 + i % 9, "mitigasi",
                    "Rencana aksi", "Kepala Seksi", "2026-12-31", max(1, l - 1), max(1, d - 1), "terbatas"])
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
  [ -f "$out/risks.csv" ] || generate $codes
  local t0=$(date +%s.%N)
  "$bin" import-catalog --data-dir "$dir" "$@" --register risks "$out/risks.csv" 2> >(grep -v 'rows written' >&2)
  printf '[%s] import of %s risks took %.1f s\n' "$engine" "$records" "$(since $t0)"
  "$bin" serve --data-dir "$dir" --listen 127.0.0.1:$port --jobs-secs 86400 "$@" >"$dir/log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
  admin=$(login $port admin "$PADU_ADMIN_PASSWORD")
  local operator=$(login $port operator.kesehatan "$demo_password")
  local base="http://127.0.0.1:$port/api/v1/manajemen/risks"
  local kesehatan=$(curl -s "http://127.0.0.1:$port/api/v1/pds?q=dinas+kesehatan&per_page=1" -H "Authorization: Bearer $admin" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
  measure "$engine" "register, assessed: first page (Dinas)" "$admin" "$base/assessed"
  measure "$engine" "register, assessed: one PD (its operator)" "$operator" "$base/assessed?pd_id=$kesehatan"
  measure "$engine" "register: search q=genset (1 in 1000)" "$admin" "$base/assessed?q=genset"
  measure "$engine" "heat map: every risk (Dinas)" "$admin" "$base/heat-map"
  measure "$engine" "heat map: residual, one year (Dinas)" "$admin" "$base/heat-map?residual=true&period_year=2025"
  measure "$engine" "heat map: one PD (its operator)" "$operator" "$base/heat-map?pd_id=$kesehatan"
  local rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "[$engine] RSS after load: $((rss / 1024)) MB; data dir: $(du -sh "$dir" | cut -f1)"
  kill $pid; wait $pid 2>/dev/null || true
}

run sqlite
if [ -n "${PADU_BENCH_POSTGRES_URL:-}" ]; then
  run postgres --database-url "$PADU_BENCH_POSTGRES_URL"
fi
