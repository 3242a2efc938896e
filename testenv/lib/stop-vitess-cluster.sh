#!/usr/bin/env bash
# Stops the multi-process Vitess cluster of start-vitess-cluster.sh: every server's process
# group, then the mysqlds (mysqlctl detaches them), found by their data directory.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dir="$RUN_DIR/vitess-cluster"
pidf="$RUN_DIR/vitess-cluster.pids"
if [[ -f "$pidf" ]]; then
  log "stopping the vitess cluster"
  tac "$pidf" | while read -r pid name; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for _ in $(seq 1 20); do
    alive=0
    while read -r pid name; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done < "$pidf"
    [[ $alive == 0 ]] && break
    sleep 0.5
  done
  while read -r pid name; do kill -KILL -- "-$pid" 2>/dev/null || true; done < "$pidf"
  rm -f "$pidf"
fi
pkill -KILL -f "$dir/" 2>/dev/null || true
