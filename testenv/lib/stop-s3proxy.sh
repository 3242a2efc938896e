#!/usr/bin/env bash
# Stops S3Proxy.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
pidf="$RUN_DIR/s3proxy/s3proxy.pid"
[[ -f "$pidf" ]] || exit 0
if pid_alive "$pidf"; then
  log "stopping s3proxy"
  pid="$(cat "$pidf")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$pidf"
