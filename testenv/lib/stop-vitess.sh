#!/usr/bin/env bash
# Stops vttestserver and everything it started (vtcombo, mysqld): the whole process group.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dir="$RUN_DIR/vitess"
pidf="$dir/vttestserver.pid"
[[ -f "$pidf" ]] || exit 0
pid="$(cat "$pidf")"
if kill -0 "$pid" 2>/dev/null; then
  log "stopping vitess (process group $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
fi
# mysqld may have been re-parented out of the group by mysqlctl; find it by its data dir.
pkill -KILL -f "$dir/vtdataroot" 2>/dev/null || true
rm -f "$pidf"
