#!/usr/bin/env bash
# Makes sure PostgreSQL $PG_MAJOR server binaries are installed (Debian package).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bindir="/usr/lib/postgresql/$PG_MAJOR/bin"
if [[ -x "$bindir/initdb" && -x "$bindir/pg_ctl" ]]; then log "postgresql $PG_MAJOR already installed"; exit 0; fi
[[ "$(id -u)" == 0 ]] || die "Cannot install postgresql-$PG_MAJOR: not root. Run: sudo apt-get install -y postgresql-$PG_MAJOR"
log "installing postgresql-$PG_MAJOR from Debian"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq "postgresql-$PG_MAJOR" >/dev/null
# The package starts a system cluster on 5432; we use our own throwaway cluster instead.
if command -v pg_ctlcluster >/dev/null; then pg_ctlcluster "$PG_MAJOR" main stop 2>/dev/null || true; fi
