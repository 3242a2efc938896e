#!/usr/bin/env bash
# Starts a vttestserver (vtcombo = vtgate + vttablets + vtctld in one process, on one mysqld).
#   start-vitess.sh        the main instance: keyspace `commerce` (unsharded) and `customer`
#                          (2 shards), plaintext gRPC on VT_BASE_PORT+1
#   start-vitess.sh tls    a second instance whose gRPC port requires mutual TLS (a client
#                          certificate signed by the test CA), keyspace `secure`, on VT_TLS_BASE_PORT+1
#   start-vitess.sh auth   a third instance whose gRPC port requires vtgate's static
#                          username/password auth (replicator / static-secret), keyspace `secure`,
#                          on VT_AUTH_BASE_PORT+1
#   start-vitess.sh onlineddl  a fourth instance where online DDL (ddl_strategy=vitess) works:
#                          one unsharded keyspace `onlineddl`, on VT_DDL_BASE_PORT+1, run by the
#                          patched vtcombo (testenv/vitess-patches/vtcombo-online-ddl.patch)
#   start-vitess.sh nohistory  a fifth instance shaped like the main one (commerce, customer in 2
#                          shards, the same schema) whose vttablets run without
#                          --track-schema-versions, vttablet's default, on VT_NOHISTORY_BASE_PORT+1.
#                          Not started by testenv/up: SchemaChangesWithoutSchemaHistoryIT starts and
#                          stops it, so that it need not restart the main instance under the others.
# Two tablets per shard (primary + replica), so the default tablet-type "replica" works.
# Ports: BASE http, +1 gRPC (vtgate VStream), +2 mysqld, +3 vtgate MySQL protocol.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

instance="${1:-main}"
vtroot="$CACHE_DIR/vitess-$VITESS_VERSION"
mysql_dest="$(cat "$CACHE_DIR/mysql-$MYSQL_VERSION.current")"
if [[ "$instance" == tls ]]; then
  dir="$RUN_DIR/vitess-tls"; port_var=VT_TLS_BASE_PORT; keyspaces=secure; shards=1
  schema_dir="$TESTENV_DIR/schema-tls"
elif [[ "$instance" == auth ]]; then
  dir="$RUN_DIR/vitess-auth"; port_var=VT_AUTH_BASE_PORT; keyspaces=secure; shards=1
  schema_dir="$TESTENV_DIR/schema-tls"
elif [[ "$instance" == onlineddl ]]; then
  dir="$RUN_DIR/vitess-onlineddl"; port_var=VT_DDL_BASE_PORT; keyspaces=onlineddl; shards=1
  schema_dir="$TESTENV_DIR/schema-onlineddl"
elif [[ "$instance" == nohistory ]]; then
  dir="$RUN_DIR/vitess-nohistory"; port_var=VT_NOHISTORY_BASE_PORT; keyspaces=commerce,customer; shards=1,2
  schema_dir="$TESTENV_DIR/schema"
  TRACK_SCHEMA_VERSIONS=0
else
  dir="$RUN_DIR/vitess"; port_var=VT_BASE_PORT; keyspaces=commerce,customer; shards=1,2
  schema_dir="$TESTENV_DIR/schema"
fi
base="${!port_var}"
pidf="$RUN_DIR/vttestserver-$instance.pid"
logf="$LOG_DIR/vttestserver-$instance.log"
grpc_port=$((base + 1))
mysql_port=$((base + 3))

if group_alive "$pidf" && port_open 127.0.0.1 "$mysql_port" && port_open 127.0.0.1 "$grpc_port"; then
  log "vitess already running (vtgate grpc $grpc_port, mysql $mysql_port)"; exit 0
fi
if group_alive "$pidf"; then
  log "stopping a half-started vttestserver ($instance)"; "$TESTENV_DIR/lib/stop-vitess.sh" "$instance"
fi
for p in $base $grpc_port $((base + 2)) $mysql_port; do
  port_open 127.0.0.1 "$p" && die "Cannot start Vitess ($instance): port $p is taken by another process. Set $port_var to move this instance's ports."
done

# KEEP_DATA=1 restarts the main instance on its existing MySQL data (vttestserver's persistent
# mode): the same rows, GTIDs and VSchema, as after a vtgate/vttablet restart in production.
keep_data=0
if [[ "${KEEP_DATA:-0}" == 1 && "$instance" == main && -d "$dir/vtdataroot/cluster" ]]; then
  keep_data=1
  rm -rf "$dir/vtroot" "$dir/tmp"
else
  rm -rf "$dir"
fi
mkdir -p "$dir/vtdataroot/cluster" "$dir/tmp" "$dir/secure-file-priv" "$dir/vtroot"
extra_args=()
if [[ "$instance" == main ]]; then
  extra_args=(--persistent-mode)
fi
if [[ "$instance" == tls ]]; then
  "$TESTENV_DIR/lib/make-certs.sh" "$RUN_DIR/tls-certs"
  cp -r "$RUN_DIR/tls-certs" "$dir/certs"
  # vttestserver hands these to vtcombo only in mtls mode: TLS plus a required client certificate.
  extra_args=(--grpc-auth-mode mtls --grpc-cert "$dir/certs/server.pem" --grpc-key "$dir/certs/server.key"
    --grpc-ca "$dir/certs/ca.pem" --grpc-auth-mtls-allowed-substrings "CN=replicator-client")
fi
# A private VTROOT: the cached binaries, and a copy of vitess's config/ adapted to MySQL 9.7.
# vttestserver passes neither static-auth flags nor --track-schema-versions to vtcombo; a wrapper
# in the private VTROOT adds them. --track-schema-versions makes vttablet keep each table's schema
# per position (the "historian"), so a stream resumed from before a DDL describes the older rows
# with the schema they were written with, as production VReplication setups do.
mkdir -p "$dir/vtroot/bin"
for b in "$vtroot"/bin/*; do ln -s "$b" "$dir/vtroot/bin/"; done
rm "$dir/vtroot/bin/vtcombo"
# TRACK_SCHEMA_VERSIONS=0 starts the instance without it (vttablet's default), to run the tests
# against vttablets that name rows from their current schema.
vtcombo_flags=""
[[ "${TRACK_SCHEMA_VERSIONS:-1}" == 1 ]] && vtcombo_flags="--track-schema-versions"
vtcombo_bin="$vtroot/bin/vtcombo"
if [[ "$instance" == onlineddl ]]; then
  # Online DDL needs a VReplication engine in the tablets, which stock vtcombo lacks (see the
  # patch's header); this instance has a single primary, the only setup where it works on vtcombo.
  vtcombo_bin="$vtroot/bin/vtcombo-onlineddl-$(sha256sum "$TESTENV_DIR/vitess-patches/vtcombo-online-ddl.patch" | cut -c1-12)"
  [[ -x "$vtcombo_bin" ]] || die "Cannot start Vitess onlineddl: $vtcombo_bin is missing. Run testenv/lib/build-vitess.sh."
fi
if [[ "$instance" == auth ]]; then
  printf '[{"Username": "replicator", "Password": "static-secret"}]\n' > "$dir/static-auth.json"
  vtcombo_flags="$vtcombo_flags --grpc-auth-mode static --grpc-auth-static-password-file $dir/static-auth.json"
fi
cat > "$dir/vtroot/bin/vtcombo" <<W
#!/bin/sh
exec "$vtcombo_bin" "\$@" $vtcombo_flags
W
chmod +x "$dir/vtroot/bin/vtcombo"
vitess_mysql_config "$dir" "$vtroot" "$mysql_dest" 512M
run_as_vt "$dir"

vitess_env "$dir" "$vtroot" "$mysql_dest"

log "starting vttestserver $VITESS_VERSION $instance (vtgate grpc 127.0.0.1:$grpc_port, mysql 127.0.0.1:$mysql_port)"
nohup setsid "${as_vt[@]}" "$vtroot/bin/vttestserver" \
  --port "$base" \
  --keyspaces "$keyspaces" --num-shards "$shards" \
  --replica-count 2 --rdonly-count 0 \
  --mysql-bind-host 127.0.0.1 --vtcombo-bind-host 127.0.0.1 \
  --schema-dir "$schema_dir" \
  --data-dir "$dir/vtdataroot/cluster" \
  --extra-my-cnf "$dir/extra.cnf" \
  --vschema-ddl-authorized-users '%' \
  --log-format text "${extra_args[@]}" \
  >"$logf" 2>&1 </dev/null &
echo $! > "$pidf"

for _ in $(seq 1 360); do
  if port_open 127.0.0.1 "$mysql_port" && port_open 127.0.0.1 "$grpc_port" \
     && "$VT_MYSQL_ROOT/bin/mysql" -h 127.0.0.1 -P "$mysql_port" -u root -e 'SELECT 1' "${keyspaces%%,*}" >/dev/null 2>&1; then
    # Replica tablets of the secured instances do not learn of the schema-dir tables by
    # themselves (vtgate's own calls to them lack credentials); load their schema now.
    case "$instance" in
      auth) printf '{"Username": "replicator", "Password": "static-secret"}' > "$dir/client-creds.json"
            "${as_vt[@]}" "$vtroot/bin/vtctldclient" --server "127.0.0.1:$grpc_port" \
              --grpc-auth-static-client-creds "$dir/client-creds.json" ReloadSchemaKeyspace secure >>"$logf" 2>&1 ;;
      tls) "${as_vt[@]}" "$vtroot/bin/vtctldclient" --server "127.0.0.1:$grpc_port" --vtctld-grpc-ca "$dir/certs/ca.pem" \
              --vtctld-grpc-cert "$dir/certs/client.pem" --vtctld-grpc-key "$dir/certs/client.key" \
              ReloadSchemaKeyspace secure >>"$logf" 2>&1 ;;
    esac
    log "vitess $instance ready"; exit 0
  fi
  group_alive "$pidf" || { show_log_tail "$logf"; die "Cannot start Vitess: vttestserver exited (log: $logf)"; }
  sleep 0.5
done
show_log_tail "$logf"; die "Cannot start Vitess: vtgate did not answer on $mysql_port within 180s (log: $logf)"
