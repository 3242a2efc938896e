#!/usr/bin/env bash
# Starts a multi-process Vitess cluster, as production runs it: etcd (topology), vtctld, one
# mysqld + vttablet per shard of keyspace `customer` (-80 and 80-), and vtgate. Unlike
# vttestserver's single vtcombo on one mysqld, each shard has its own MySQL and its own `_vt`
# sidecar database, so features that keep per-tablet state there work per shard (online DDL).
# One tablet per shard (the primary): the tests stream with tablet-type primary.
#
# Ports (VT_CLUSTER_BASE_PORT, default 19990): +0 vtgate http, +1 vtgate gRPC, +3 vtgate MySQL,
# +4 vtctld http, +5 vtctld gRPC, +6 etcd client, +7 etcd peer; tablet i (1, 2): +10i http,
# +10i+1 gRPC, +10i+2 mysqld.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

base="$VT_CLUSTER_BASE_PORT"
dir="$RUN_DIR/vitess-cluster"
vtroot="$CACHE_DIR/vitess-$VITESS_VERSION"
etcd_bin="$CACHE_DIR/etcd-$ETCD_VERSION/etcd"
mysql_dest="$(cat "$CACHE_DIR/mysql-$MYSQL_VERSION.current")"
pidf="$RUN_DIR/vitess-cluster.pids"
logdir="$LOG_DIR/vitess-cluster"
cell=zone1
keyspace=customer
shards=(-80 80-)

if [[ -f "$pidf" ]] && port_open 127.0.0.1 $((base + 3)) && port_open 127.0.0.1 $((base + 1)); then
  log "vitess cluster already running (vtgate grpc $((base + 1)), mysql $((base + 3)))"; exit 0
fi
"$TESTENV_DIR/lib/stop-vitess-cluster.sh"
for p in $base $((base + 1)) $((base + 3)) $((base + 4)) $((base + 5)) $((base + 6)) $((base + 7)) \
         $((base + 10)) $((base + 11)) $((base + 12)) $((base + 20)) $((base + 21)) $((base + 22)); do
  port_open 127.0.0.1 "$p" && die "Cannot start the Vitess cluster: port $p is taken by another process. Set VT_CLUSTER_BASE_PORT."
done
[[ -x "$etcd_bin" ]] || die "Cannot start the Vitess cluster: $etcd_bin is missing. Run testenv/lib/install-etcd.sh."
[[ -x "$vtroot/bin/vttablet" ]] || die "Cannot start the Vitess cluster: vttablet is missing. Run testenv/lib/build-vitess.sh."

rm -rf "$dir" "$logdir"
mkdir -p "$dir/vtdataroot" "$dir/tmp" "$dir/etcd" "$dir/vtroot" "$logdir"
vitess_mysql_config "$dir" "$vtroot" "$mysql_dest" 128M
run_as_vt "$dir" "$logdir"
vitess_env "$dir" "$vtroot" "$mysql_dest"
export EXTRA_MY_CNF="$dir/extra.cnf" # mysqlctl's way to take extra.cnf

etcd_addr="127.0.0.1:$((base + 6))"
topo=(--topo-implementation etcd2 --topo-global-server-address "$etcd_addr" --topo-global-root /vitess/global)
: > "$pidf"

# background NAME COMMAND...: starts a server in its own process group, logging to logdir/NAME.log.
background() {
  local name="$1"; shift
  nohup setsid "${as_vt[@]}" "$@" >"$logdir/$name.log" 2>&1 </dev/null &
  echo "$! $name" >> "$pidf"
}
await_http() {
  local name="$1" port="$2"
  for _ in $(seq 1 300); do
    port_open 127.0.0.1 "$port" && return 0
    sleep 0.2
  done
  show_log_tail "$logdir/$name.log"; die "Cannot start the Vitess cluster: $name did not listen on $port within 60 s"
}
vtctl() {
  "${as_vt[@]}" "$vtroot/bin/vtctldclient" --server "127.0.0.1:$((base + 5))" "$@" >>"$logdir/vtctldclient.log" 2>&1 \
    || { show_log_tail "$logdir/vtctldclient.log"; die "Cannot set up the Vitess cluster: vtctldclient $* failed"; }
}

log "starting the Vitess cluster $VITESS_VERSION (etcd, vtctld, 2 x mysqld + vttablet, vtgate grpc 127.0.0.1:$((base + 1)))"
background etcd "$etcd_bin" --data-dir "$dir/etcd" --listen-client-urls "http://$etcd_addr" \
  --advertise-client-urls "http://$etcd_addr" --listen-peer-urls "http://127.0.0.1:$((base + 7))" \
  --initial-advertise-peer-urls "http://127.0.0.1:$((base + 7))" \
  --initial-cluster "default=http://127.0.0.1:$((base + 7))"
await_http etcd $((base + 6))
"${as_vt[@]}" "$vtroot/bin/vtctldclient" --server internal "${topo[@]}" AddCellInfo --root "/vitess/$cell" \
  --server-address "$etcd_addr" "$cell" >>"$logdir/vtctldclient.log" 2>&1 \
  || { show_log_tail "$logdir/vtctldclient.log"; die "Cannot set up the Vitess cluster: AddCellInfo failed"; }

background vtctld "$vtroot/bin/vtctld" "${topo[@]}" --cell "$cell" --service-map 'grpc-vtctl,grpc-vtctld' \
  --backup-storage-implementation file --file-backup-storage-root "$dir/backups" \
  --port $((base + 4)) --grpc-port $((base + 5)) --bind-address 127.0.0.1 --log-format text
await_http vtctld $((base + 5))
# One mysqld + vttablet per shard, each its shard's primary (cluster-tablets.sh, which tests also
# use to add keyspaces of their own).
"$TESTENV_DIR/lib/cluster-tablets.sh" "$keyspace" "1:${shards[0]}" "2:${shards[1]}"
printf '{"sharded": true, "vindexes": {"hash": {"type": "hash"}}, "tables": {}}' > "$dir/vschema.json"
vtctl ApplyVSchema --vschema-file "$dir/vschema.json" "$keyspace"

background vtgate "$vtroot/bin/vtgate" "${topo[@]}" --cell "$cell" --cells-to-watch "$cell" \
  --tablet-types-to-wait PRIMARY --tablet-refresh-interval 2s --service-map 'grpc-vtgateservice' \
  --port "$base" --grpc-port $((base + 1)) --bind-address 127.0.0.1 \
  --mysql-server-port $((base + 3)) --mysql-server-bind-address 127.0.0.1 --mysql-auth-server-impl none \
  --vschema-ddl-authorized-users '%' --enable-buffer --log-format text
for _ in $(seq 1 300); do
  if port_open 127.0.0.1 $((base + 3)) && port_open 127.0.0.1 $((base + 1)) \
     && "$VT_MYSQL_ROOT/bin/mysql" -h 127.0.0.1 -P $((base + 3)) -u root -e 'SELECT 1' "$keyspace" >/dev/null 2>&1; then
    log "vitess cluster ready"; exit 0
  fi
  sleep 0.2
done
show_log_tail "$logdir/vtgate.log"; die "Cannot start the Vitess cluster: vtgate did not answer within 60 s"
