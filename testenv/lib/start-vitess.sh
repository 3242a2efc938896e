#!/usr/bin/env bash
# Starts vttestserver (vtcombo = vtgate + vttablets + vtctld in one process, on one mysqld)
# with keyspace `commerce` (unsharded) and `customer` (2 shards).
# Two tablets per shard (primary + replica), so the default tablet-type "replica" works.
# Ports: VT_BASE_PORT http, +1 gRPC (vtgate VStream), +2 mysqld, +3 vtgate MySQL protocol.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

vtroot="$CACHE_DIR/vitess-$VITESS_VERSION"
mysql_dest="$(cat "$CACHE_DIR/mysql-$MYSQL_VERSION.current")"
dir="$RUN_DIR/vitess"
pidf="$dir/vttestserver.pid"
logf="$LOG_DIR/vttestserver.log"
grpc_port=$((VT_BASE_PORT + 1))
mysql_port=$((VT_BASE_PORT + 3))

if pid_alive "$pidf" && port_open 127.0.0.1 "$mysql_port" && port_open 127.0.0.1 "$grpc_port"; then
  log "vitess already running (vtgate grpc $grpc_port, mysql $mysql_port)"; exit 0
fi
if pid_alive "$pidf"; then
  log "stopping a half-started vttestserver"; "$TESTENV_DIR/lib/stop-vitess.sh"
fi
for p in $VT_BASE_PORT $grpc_port $((VT_BASE_PORT + 2)) $mysql_port; do
  port_open 127.0.0.1 "$p" && die "Cannot start Vitess: port $p is taken by another process. Set VT_BASE_PORT."
done

rm -rf "$dir"
mkdir -p "$dir/vtdataroot/cluster" "$dir/tmp" "$dir/secure-file-priv" "$dir/vtroot"
# A private VTROOT: the cached binaries, and a copy of vitess's config/ adapted to MySQL 9.7.
# Vitess's test-suite.cnf (always loaded by vttestserver) sets innodb_log_file_size, which
# MySQL 9 removed (mysqld refuses to start); innodb_redo_log_capacity replaces it.
ln -s "$vtroot/bin" "$dir/vtroot/bin"
cp -r "$vtroot/config" "$dir/vtroot/config"
sed -i 's/^innodb_log_file_size.*/innodb_redo_log_capacity = 64M/; s/^slave_net_timeout/replica_net_timeout/' \
  "$dir/vtroot/config/mycnf/test-suite.cnf"
cat > "$dir/extra.cnf" <<CNF
[mysqld]
basedir = $mysql_dest/root/usr
lc-messages-dir = $mysql_dest/root/usr/share/mysql
plugin-dir = $mysql_dest/root/usr/lib/mysql/plugin
secure-file-priv = $dir/secure-file-priv
mysqlx = 0
innodb_buffer_pool_size = 512M
innodb_flush_log_at_trx_commit = 2
sync_binlog = 0
max_connections = 500
CNF

# mysqlctl refuses to run as root: as root, run the cluster as an unprivileged user.
as_vt=()
if [[ "$(id -u)" == 0 ]]; then
  id -u "$VT_RUN_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$VT_RUN_USER"
  chown -R "$VT_RUN_USER" "$dir"
  chmod 755 "$RUN_DIR"
  as_vt=(runuser -u "$VT_RUN_USER" --)
fi

export VTROOT="$dir/vtroot"
export VTDATAROOT="$dir/vtdataroot"
export VT_MYSQL_ROOT="$mysql_dest/vtroot"
export VT_MYSQL_BASEDIR="$mysql_dest/root/usr"
export TMPDIR="$dir/tmp"
export PATH="$vtroot/bin:$VT_MYSQL_ROOT/bin:$PATH"

log "starting vttestserver $VITESS_VERSION (vtgate grpc 127.0.0.1:$grpc_port, mysql 127.0.0.1:$mysql_port)"
nohup setsid "${as_vt[@]}" "$vtroot/bin/vttestserver" \
  --port "$VT_BASE_PORT" \
  --keyspaces commerce,customer --num-shards 1,2 \
  --replica-count 2 --rdonly-count 0 \
  --mysql-bind-host 127.0.0.1 --vtcombo-bind-host 127.0.0.1 \
  --schema-dir "$TESTENV_DIR/schema" \
  --data-dir "$dir/vtdataroot/cluster" \
  --extra-my-cnf "$dir/extra.cnf" \
  --vschema-ddl-authorized-users '%' \
  --log-format text --alsologtostderr \
  >"$logf" 2>&1 </dev/null &
echo $! > "$pidf"

for _ in $(seq 1 360); do
  if port_open 127.0.0.1 "$mysql_port" && port_open 127.0.0.1 "$grpc_port" \
     && "$VT_MYSQL_ROOT/bin/mysql" -h 127.0.0.1 -P "$mysql_port" -u root -e 'SELECT 1' customer >/dev/null 2>&1; then
    log "vitess ready"; exit 0
  fi
  pid_alive "$pidf" || { show_log_tail "$logf"; die "Cannot start Vitess: vttestserver exited (log: $logf)"; }
  sleep 0.5
done
show_log_tail "$logf"; die "Cannot start Vitess: vtgate did not answer on $mysql_port within 180s (log: $logf)"
