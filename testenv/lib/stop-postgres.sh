#!/usr/bin/env bash
# Stops the throwaway PostgreSQL cluster (fast shutdown).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
data="$RUN_DIR/postgres/data"
[[ -f "$data/postmaster.pid" ]] || exit 0
log "stopping postgres"
bindir="/usr/lib/postgresql/$PG_MAJOR/bin"
if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
else "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true; fi
