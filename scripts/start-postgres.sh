#!/usr/bin/env bash
# Starts a local PostgreSQL from Debian's packages and creates the role the tests use.
# Prints the URL to export as PADU_TEST_POSTGRES_URL.
set -euo pipefail
# Everything but the URL goes to standard error.
exec 3>&1 1>&2
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
  pg_createcluster "$ver" main >/dev/null
fi
# The server daemon must not inherit fd 3: callers read the URL through $(...), which
# waits until every writer of that pipe has closed it, and a daemon never does.
pg_ctlcluster "$ver" main start </dev/null >/dev/null 2>&1 3>&- || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start" >&2; exit 1; }
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='padu'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE padu LOGIN SUPERUSER PASSWORD 'padu'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='padu'\"" | grep -q 1 ||
  su postgres -c "createdb -O padu padu"
echo "postgres://padu:padu@127.0.0.1:5432/padu" >&3
