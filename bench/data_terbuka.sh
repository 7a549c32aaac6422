#!/usr/bin/env bash
# Data terbuka benchmark (issue 22): a 1,000,000-row CSV uploaded as a resource and loaded into
# the queryable store (timed from the upload's first byte to the answer: reading, checking
# every row, guessing the types, loading, an index per column and a word index), next to PostgreSQL's own
# COPY of the same file into the same typed table in the same run (without and with the same
# indexes); then p95 latency of CKAN's datastore_search over those rows and of package_search
# over 10,000 published data sets. SQLite always; PostgreSQL when PADU_BENCH_POSTGRES_URL is
# set (its own COPY is measured there with psql's \copy, which streams the file the same way).
# Usage: bench/data_terbuka.sh [rows] [datasets]   (goals: load ≥ 0.5× COPY on PostgreSQL;
# p95 < 50 ms)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_LABEL_WIDTH=52
. bench/lib.sh
rows=${1:-1000000}
datasets=${2:-10000}

# The rows: a location number, its kecamatan (one of 15; "Lunang" about one row in 15), a
# day, a count and an amount with decimals; about 40 bytes a row (the upload limit is 50 MB).
python3 - "$out/rows.csv" "$rows" <<'PY'
import sys, random
out, n = sys.argv[1], int(sys.argv[2])
r = random.Random(20261207)
places = ["Painan", "Salido", "Tarusan", "Batang Kapas", "Sutera", "Lengayang", "Ranah Pesisir",
          "Linggo Sari", "Pancung Soal", "Basa Ampek", "Lunang", "Silaut", "Koto XI", "IV Jurai", "Bayang"]
with open(out, "w") as f:
    f.write("lokasi,kecamatan,tanggal,jumlah,nilai\n")
    for i in range(n):
        f.write(f"{i + 1},{r.choice(places)},2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d},{r.randint(0, 5000)},{r.randint(0, 999999) / 100}\n")
PY
printf 'file: %s rows, %s MB\n' "$rows" "$(( $(stat -c %s "$out/rows.csv") / 1024 / 1024 ))"

# Inventory entries of the demo's PDs for the data sets (the catalogue's own import).
inventory() {
  python3 - "$out/inventory.csv" "$datasets" "$@" <<'PY'
import csv, sys, random
out, n, codes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
r = random.Random(7)
topics = ["Puskesmas", "Sekolah", "Nagari", "Pasar", "Jalan", "Irigasi", "Perizinan", "Anggaran"]
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["pd", "name", "description", "responsible_person", "classification", "distribution", "retention_years",
                "storage_location", "backup_period", "backup_media", "update_every_months", "last_updated"])
    for i in range(n):
        extra = " Zeta" if i % 1000 == 7 else ""
        w.writerow([r.choice(codes), f"Data {r.choice(topics)}{extra} {i:05d}", f"Rekap {r.choice(topics).lower()} per nagari",
                    "Kepala Seksi Data", "biasa", "publik", "5", "Pusat Data", "mingguan", "NAS", "12", "2026-06-15"])
PY
}

# The inventory's entries published as open data sets with a link each: set up in SQL, as a
# fixture (the publishing steps themselves are tested in crates/padu/tests/open_data.rs).
publish_sql="
INSERT INTO open_datasets (inventory_id, pd_id, name, title, description, keywords, theme, licence, temporal_start, temporal_end, spatial, update_schedule, reference_codes, status, review_note, checked_by, published_at, created_by, created_at, updated_at)
SELECT id, pd_id, 'bench-' || id, name, 'Data set uji kinerja: ' || description || ' untuk mengukur pencarian portal.', '[\"bench\",\"rekap\"]', 'GOVE', 'cc-by', NULL, NULL, 'Kabupaten Pesisir Selatan', 'tahunan', '', 'terbit', '', 'bench', '2026-12-01T00:00:00.000000Z', 'bench', '2026-12-01T00:00:00.000000Z', '2026-12-01T00:00:00.000000Z'
FROM catalog_datasets WHERE name LIKE 'Data %' AND name NOT IN (SELECT title FROM open_datasets);
INSERT INTO open_resources (dataset_id, name, description, kind, url, format, created_at, updated_at)
SELECT id, 'Tautan', '', 'link', 'https://data.example.invalid/' || name, 'CSV', created_at, created_at FROM open_datasets WHERE name LIKE 'bench-%';
"

run() {
  local engine=$1; shift
  local dir="$out/data-$engine"; mkdir -p "$dir"
  local port=$((19000 + RANDOM % 1000))
  "$bin" serve --demo --data-dir "$dir" --listen 127.0.0.1:$port --jobs-secs 86400 "$@" >"$dir/log" 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
  local admin=$(login $port admin "$PADU_ADMIN_PASSWORD")
  local operator=$(login $port operator.kesehatan "$demo_password")
  local base="http://127.0.0.1:$port"
  local codes=$(curl -s "$base/api/v1/pds?per_page=200" -H "Authorization: Bearer $admin" \
    | python3 -c 'import sys,json; print(" ".join(p["code"] for p in json.load(sys.stdin)["items"]))')
  local kesehatan=$(curl -s "$base/api/v1/pds?q=dinas+kesehatan&per_page=1" -H "Authorization: Bearer $admin" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
  local entry=$(curl -s -XPOST "$base/api/v1/catalog/datasets" -H "Authorization: Bearer $admin" -H 'content-type: application/json' \
    -d "{\"pd_id\":$kesehatan,\"name\":\"Kunjungan per lokasi\",\"responsible_person\":\"Kepala Seksi Data\",\"classification\":\"biasa\",\"distribution\":\"publik\",\"storage_location\":\"Pusat Data\",\"backup_period\":\"harian\",\"backup_media\":\"NAS\",\"update_every_months\":1,\"last_updated\":\"2026-11-01\"}" \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])')
  local ds=$(curl -s -XPOST "$base/api/v1/data-terbuka/datasets" -H "Authorization: Bearer $operator" -H 'content-type: application/json' \
    -d "{\"inventory_id\":$entry,\"name\":\"kunjungan-per-lokasi\",\"title\":\"Kunjungan per Lokasi\",\"description\":\"Jumlah kunjungan per lokasi per hari, sejuta baris, untuk mengukur penyimpanan data yang dapat dikueri.\",\"keywords\":[\"kunjungan\"],\"theme\":\"HEAL\",\"licence\":\"cc-by\",\"spatial\":\"Kabupaten Pesisir Selatan\",\"update_schedule\":\"bulanan\",\"reference_codes\":\"\"}" \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])')
  local t0=$(date +%s.%N)
  local answer=$(curl -s -XPOST "$base/api/v1/data-terbuka/datasets/$ds/files" -H "Authorization: Bearer $operator" \
    -F "file=@$out/rows.csv;filename=kunjungan.csv" -F name=Kunjungan)
  local took=$(since $t0)
  local resource=$(echo "$answer" | python3 -c 'import sys,json; d=json.load(sys.stdin); assert d["datastore_active"], d; print(d["id"])')
  printf '[%s] %-*s %.1f s  %.0f rows/s\n' "$engine" "$BENCH_LABEL_WIDTH" "upload and load of $rows rows (6 indexes)" "$took" "$(python3 -c "print($rows / $took)")"
  echo "$engine $took" >> "$out/loads"
  # Where the time went, as the server logged it (the check of every row; the load and its
  # indexes; on PostgreSQL the COPY itself and the indexes apart).
  grep -E "staged for the queryable store|rows copied into" "$dir/log" | sed -E 's/\x1b\[[0-9;]*m//g; s/^.*(INFO)/[   '"$engine"'] /' | tail -2 | tee -a "$out/phases-$engine"
  curl -s -o /dev/null -XPOST "$base/api/v1/data-terbuka/datasets/$ds/status" -H "Authorization: Bearer $operator" -H 'content-type: application/json' -d '{"status":"diajukan"}'
  curl -s -o /dev/null -XPOST "$base/api/v1/data-terbuka/datasets/$ds/status" -H "Authorization: Bearer $admin" -H 'content-type: application/json' -d '{"status":"terbit"}'
  local rid=$(curl -s "$base/api/3/action/package_show?id=kunjungan-per-lokasi" | python3 -c 'import sys,json; print(json.load(sys.stdin)["result"]["resources"][0]["id"])')
  local search="$base/api/3/action/datastore_search?resource_id=$rid"
  measure "$engine" "datastore_search: first 100 rows, total" "" "$search"
  measure "$engine" "datastore_search: filter kecamatan=Lunang (1 in 15)" "" "$search&filters=%7B%22kecamatan%22:%22Lunang%22%7D"
  measure "$engine" "datastore_search: filter lokasi=777777 (one row)" "" "$search&filters=%7B%22lokasi%22:777777%7D"
  measure "$engine" "datastore_search: sort jumlah desc, limit 100" "" "$search&sort=jumlah%20desc"
  measure "$engine" "datastore_search: page at offset 10,000" "" "$search&offset=10000"
  measure "$engine" "datastore_search: q=lunang (words, no total)" "" "$search&q=lunang&include_total=false"
  measure "$engine" "datastore_search: q=lunang (words, with total)" "" "$search&q=lunang"
  kill $pid; wait $pid 2>/dev/null || true

  # 10,000 published data sets.
  [ -f "$out/inventory.csv" ] || inventory $codes
  "$bin" import-catalog --data-dir "$dir" "$@" --register datasets "$out/inventory.csv" 2> >(grep -v 'rows written' >&2)
  if [ "$engine" = sqlite ]; then
    python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()" "$dir/padu.db" "$publish_sql"
  else
    psql -q "$PADU_BENCH_POSTGRES_URL" -c "$publish_sql" >/dev/null
  fi
  "$bin" serve --data-dir "$dir" --listen 127.0.0.1:$port --jobs-secs 86400 "$@" >"$dir/log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
  local count=$(curl -s "$base/api/3/action/package_search?rows=0" | python3 -c 'import sys,json; print(json.load(sys.stdin)["result"]["count"])')
  echo "[$engine] published data sets: $count"
  measure "$engine" "package_search: all, 10 rows, 5 facets" "" "$base/api/3/action/package_search?facet.field=%5B%22organization%22,%22groups%22,%22tags%22,%22res_format%22,%22license_id%22%5D"
  measure "$engine" "package_search: q=zeta (1 in 1000)" "" "$base/api/3/action/package_search?q=zeta"
  measure "$engine" "package_search: fq=organization, sort title" "" "$base/api/3/action/package_search?fq=organization:dinas-kesehatan&sort=title_string%20asc"
  measure "$engine" "portal page: /data-terbuka?q=puskesmas" "" "$base/data-terbuka?q=puskesmas"
  local rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "[$engine] RSS: $((rss / 1024)) MB"
  kill $pid; wait $pid 2>/dev/null || true
}

# PADU_BENCH_ONLY=postgres leaves SQLite out (to measure a PostgreSQL change alone).
[ "${PADU_BENCH_ONLY:-}" = postgres ] || run sqlite
if [ -n "${PADU_BENCH_POSTGRES_URL:-}" ]; then
  psql -q "$PADU_BENCH_POSTGRES_URL" -c "DROP TABLE IF EXISTS bench_copy" 2>/dev/null
  columns="(_id BIGSERIAL PRIMARY KEY, lokasi BIGINT, kecamatan TEXT, tanggal TEXT, jumlah BIGINT, nilai DOUBLE PRECISION)"
  psql -q "$PADU_BENCH_POSTGRES_URL" -c "CREATE TABLE bench_copy $columns"
  t0=$(date +%s.%N)
  psql -q "$PADU_BENCH_POSTGRES_URL" -c "\\copy bench_copy (lokasi, kecamatan, tanggal, jumlah, nilai) FROM '$out/rows.csv' WITH (FORMAT csv, HEADER true)"
  copy=$(since $t0)
  t0=$(date +%s.%N)
  for c in lokasi kecamatan tanggal jumlah nilai; do psql -q "$PADU_BENCH_POSTGRES_URL" -c "CREATE INDEX ON bench_copy ($c)"; done
  copy_indexed=$(python3 -c "print($copy + $(since $t0))")
  psql -q "$PADU_BENCH_POSTGRES_URL" -c "DROP TABLE bench_copy"
  printf '[postgres] %-*s %.1f s  %.0f rows/s\n' "$BENCH_LABEL_WIDTH" "PostgreSQL's own COPY (psql \\copy)" "$copy" "$(python3 -c "print($rows / $copy)")"
  printf '[postgres] %-*s %.1f s  %.0f rows/s\n' "$BENCH_LABEL_WIDTH" "PostgreSQL's own COPY, then the same 5 indexes" "$copy_indexed" "$(python3 -c "print($rows / $copy_indexed)")"
  run postgres --database-url "$PADU_BENCH_POSTGRES_URL"
  padu=$(awk '$1 == "postgres" {print $2}' "$out/loads")
  printf '[postgres] Padu upload-to-queryable ÷ COPY: %.2f× (COPY alone), %.2f× (COPY and the same indexes)\n' \
    "$(python3 -c "print($copy / $padu)")" "$(python3 -c "print($copy_indexed / $padu)")"
  # Like for like: the file read, every row checked and its types guessed, then read again,
  # converted and sent by COPY (Padu's check and load, from its log; without the upload, the
  # file's keeping and the indexes) against psql's \copy of the same file.
  plain_log=$(cat "$out/phases-postgres")
  checked=$(grep -o 'checked_ms=[0-9]*' <<<"$plain_log" | tail -1 | cut -d= -f2)
  copied=$(grep -o 'copy_ms=[0-9]*' <<<"$plain_log" | tail -1 | cut -d= -f2)
  phase=$((checked + copied))
  printf '[postgres] Padu check and load (two reads, COPY) %.1f s ÷ COPY %.1f s: %.2f×\n' \
    "$(python3 -c "print($phase / 1000)")" "$copy" "$(python3 -c "print($copy / ($phase / 1000))")"
fi
