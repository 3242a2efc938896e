#!/bin/bash
# The official image's environment contract, reduced to what the compose file uses: on an empty
# PGDATA, initdb with POSTGRES_USER/POSTGRES_PASSWORD (scram-sha-256 over TCP) and POSTGRES_DB;
# then the server, as user postgres, listening on all addresses of the container.
set -euo pipefail
: "${POSTGRES_PASSWORD:?the stand-in, like the official image, needs POSTGRES_PASSWORD}"
user="${POSTGRES_USER:-postgres}"; db="${POSTGRES_DB:-$user}"
mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
as_pg() { setpriv --reuid postgres --regid postgres --init-groups "$@"; }
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  pwfile="$(mktemp)"; printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"; chown postgres "$pwfile"
  # UTF8, as the official image creates it (its locale is en_US.utf8).
  as_pg initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [[ "$db" != postgres ]]; then
    as_pg postgres --single -D "$PGDATA" -c listen_addresses='' postgres <<< "CREATE DATABASE \"$db\" OWNER \"$user\";" >/dev/null
  fi
fi
[[ "${1:-postgres}" == postgres ]] && shift || true
exec setpriv --reuid postgres --regid postgres --init-groups postgres -D "$PGDATA" -c listen_addresses='*' "$@"
