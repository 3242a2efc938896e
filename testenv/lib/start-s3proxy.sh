#!/usr/bin/env bash
# Starts S3Proxy on 127.0.0.1:$S3_PORT with a filesystem backend and checked credentials.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dir="$RUN_DIR/s3proxy"
pidf="$dir/s3proxy.pid"
logf="$LOG_DIR/s3proxy.log"
if pid_alive "$pidf" && port_open 127.0.0.1 "$S3_PORT"; then log "s3proxy already running on $S3_PORT"; exit 0; fi
port_open 127.0.0.1 "$S3_PORT" && die "Cannot start S3Proxy: port $S3_PORT is taken by another process. Set S3_PORT."
mkdir -p "$dir/data"
cat > "$dir/s3proxy.properties" <<P
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=local-identity
s3proxy.credential=local-credential
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/data
P
log "starting s3proxy on 127.0.0.1:$S3_PORT"
nohup java -Xmx512m -jar "$CACHE_DIR/s3proxy-$S3PROXY_VERSION/s3proxy.jar" \
  --properties "$dir/s3proxy.properties" >"$logf" 2>&1 &
echo $! > "$pidf"
for _ in $(seq 1 120); do
  port_open 127.0.0.1 "$S3_PORT" && { log "s3proxy ready"; exit 0; }
  pid_alive "$pidf" || break
  sleep 0.5
done
show_log_tail "$logf"; die "Cannot start S3Proxy on port $S3_PORT"
