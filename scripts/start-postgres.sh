#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests, from Debian's packages, and prints the
# URL to export as PADU_TEST_POSTGRES_URL.
#
# Why a cluster of its own, made anew on every run, rather than Debian's `main` cluster: every
# test store is a database of its own, so a long-lived cluster grows by hundreds of databases
# a run, and after an unclean stop it replays and fsyncs all of them before it answers (seen:
# over 80 s on a 31 GB cluster, longer than any wait here). A fresh cluster starts in about a
# second whatever the machine ran before, and durability settings are off because nothing in
# it outlives the run (unless PADU_POSTGRES_DURABLE is set).
set -euo pipefail
# Everything but the URL goes to standard error.
exec 3>&1 1>&2

port=${PADU_TEST_POSTGRES_PORT:-55432}
dir=${PADU_TEST_POSTGRES_DIR:-/tmp/padu-test-postgres}

bin=
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
    bin=$candidate
    break
  fi
done
[ -n "$bin" ] || { echo "no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }

# Run from / so that the postgres user is not left in a directory it may not read.
if [ "$(id -u)" -eq 0 ]; then
  as_postgres() { (cd / && runuser -u postgres -- "$@"); }
else
  as_postgres() { (cd / && sudo -u postgres -- "$@"); }
fi

# A server left running on this directory by an earlier run is stopped before the wipe.
if [ -f "$dir/postmaster.pid" ]; then
  as_postgres "$bin/pg_ctl" -D "$dir" -m immediate stop </dev/null >/dev/null 2>&1 3>&- || true
fi
rm -rf "$dir"
install -d -o postgres -g postgres -m 700 "$dir"
as_postgres "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 </dev/null >"$dir.initdb.log" 2>&1 3>&- || {
  echo "initdb failed:" >&2
  cat "$dir.initdb.log" >&2
  exit 1
}

# The server daemon must not inherit fd 3: callers read the URL through $(...), which waits
# until every writer of that pipe has closed it, and a daemon never does.
options="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200"
# PADU_POSTGRES_DURABLE=1 keeps PostgreSQL's own durability (for benchmarks, whose figures
# must hold for a real server).
if [ -z "${PADU_POSTGRES_DURABLE:-}" ]; then
  options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
if ! as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -o "$options" -w -t 120 start \
  </dev/null >/dev/null 2>&1 3>&-; then
  echo "PostgreSQL did not start; its log:" >&2
  tail -n 40 "$dir/server.log" >&2 || true
  exit 1
fi

psql_admin() { as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -qtA "$@"; }
psql_admin -c "CREATE ROLE padu LOGIN SUPERUSER PASSWORD 'padu'" </dev/null 3>&-
psql_admin -c "CREATE DATABASE padu OWNER padu" </dev/null 3>&-
echo "postgres://padu:padu@127.0.0.1:$port/padu" >&3
