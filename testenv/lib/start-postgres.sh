#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1:$PG_PORT with a password-protected
# `replicator` role (scram) and database. Local socket access is trust, for the scripts.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bindir="/usr/lib/postgresql/$PG_MAJOR/bin"
pgdir="$RUN_DIR/postgres"
data="$pgdir/data"
logf="$LOG_DIR/postgres.log"
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [[ -f "$data/postmaster.pid" ]] && as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  log "postgres already running on $PG_PORT"; exit 0
fi
mkdir -p "$pgdir"
touch "$logf"
if [[ "$(id -u)" == 0 ]]; then chown postgres "$pgdir" "$logf"; fi
if [[ ! -f "$data/PG_VERSION" ]]; then
  log "initializing postgres cluster in $data"
  as_pg "$bindir/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$logf" 2>&1 || { show_log_tail "$logf"; die "Cannot initialize PostgreSQL"; }
  cat >> "$data/postgresql.conf" <<CONF
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
CONF
fi
log "starting postgres on 127.0.0.1:$PG_PORT"
if ! as_pg "$bindir/pg_ctl" -D "$data" -l "$logf" -w -t 60 \
      -o "-p $PG_PORT -k $pgdir -h 127.0.0.1" start >/dev/null; then
  show_log_tail "$logf"; die "Cannot start PostgreSQL on port $PG_PORT"
fi
as_pg psql -h "$pgdir" -p "$PG_PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator') THEN
    CREATE ROLE replicator LOGIN PASSWORD 'replicator' CREATEDB;
  END IF;
END \$\$;
SELECT 'CREATE DATABASE replicator OWNER replicator'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'replicator') \gexec
SQL
