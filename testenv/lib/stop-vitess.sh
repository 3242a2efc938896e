#!/usr/bin/env bash
# Stops a vttestserver and everything it started (vtcombo, mysqld): the whole process group.
#   stop-vitess.sh [main|tls|auth|onlineddl|nohistory]   (default main)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
instance="${1:-main}"
case "$instance" in
  tls) dir="$RUN_DIR/vitess-tls" ;;
  auth) dir="$RUN_DIR/vitess-auth" ;;
  onlineddl) dir="$RUN_DIR/vitess-onlineddl" ;;
  nohistory) dir="$RUN_DIR/vitess-nohistory" ;;
  *) dir="$RUN_DIR/vitess" ;;
esac
pidf="$RUN_DIR/vttestserver-$instance.pid"
if [[ -f "$pidf" ]]; then
  pid="$(cat "$pidf")"
  if kill -0 -- "-$pid" 2>/dev/null; then # the group: its leader may have exited (see group_alive)
    log "stopping vitess $instance (process group $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidf"
fi
# mysqld may have been re-parented out of the group by mysqlctl; find it by its data dir.
pkill -KILL -f "$dir/vtdataroot" 2>/dev/null || true
