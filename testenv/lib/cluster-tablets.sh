#!/usr/bin/env bash
# Adds shards to the running multi-process cluster (start-vitess-cluster.sh): for each
# INDEX:SHARD, a mysqld (mysqlctl init, all in parallel) and a vttablet of KEYSPACE/SHARD with
# uid 100*INDEX+1 on ports VT_CLUSTER_BASE_PORT+10*INDEX (+0 http, +1 gRPC, +2 mysqld), then
# makes the first tablet named for each shard its primary; the others replicate from it
# (replica tablets). The keyspace is created when it does not exist.
# Their processes join the cluster's pid list, so stop-vitess-cluster.sh stops them too.
#   cluster-tablets.sh customer 1:-80 2:80-
#   cluster-tablets.sh resharded 3:-80 4:80-        (a keyspace of its own, e.g. for a reshard test)
#   cluster-tablets.sh failover 9:0 10:0 11:0       (one shard: a primary and two replicas)
# With --restart, restarts the vttablets named (kill -9, then started again as before): a tablet
# restarted under a stream. Their mysqlds and the shards' primaries are left alone.
#   cluster-tablets.sh --restart failover 11:0
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

restart=0
[[ "${1:-}" == --restart ]] && { restart=1; shift; }
keyspace="${1:?usage: cluster-tablets.sh [--restart] KEYSPACE INDEX:SHARD...}"; shift
(($# > 0)) || die "usage: cluster-tablets.sh KEYSPACE INDEX:SHARD..."
base="$VT_CLUSTER_BASE_PORT"
dir="$RUN_DIR/vitess-cluster"
vtroot="$CACHE_DIR/vitess-$VITESS_VERSION"
mysql_dest="$(cat "$CACHE_DIR/mysql-$MYSQL_VERSION.current")"
pidf="$RUN_DIR/vitess-cluster.pids"
logdir="$LOG_DIR/vitess-cluster"
cell=zone1
[[ -f "$pidf" && -f "$dir/extra.cnf" ]] || die "Cannot add tablets: the Vitess cluster is not running (testenv/lib/start-vitess-cluster.sh)."
run_as_vt "$dir" "$logdir"
vitess_env "$dir" "$vtroot" "$mysql_dest"
export EXTRA_MY_CNF="$dir/extra.cnf" # mysqlctl's way to take extra.cnf
topo=(--topo-implementation etcd2 --topo-global-server-address "127.0.0.1:$((base + 6))" --topo-global-root /vitess/global)

vtctl() {
  "${as_vt[@]}" "$vtroot/bin/vtctldclient" --server "127.0.0.1:$((base + 5))" "$@" >>"$logdir/vtctldclient.log" 2>&1 \
    || { show_log_tail "$logdir/vtctldclient.log"; die "Cannot set up the Vitess cluster: vtctldclient $* failed"; }
}
if ! "${as_vt[@]}" "$vtroot/bin/vtctldclient" --server "127.0.0.1:$((base + 5))" GetKeyspace "$keyspace" >/dev/null 2>&1; then
  vtctl CreateKeyspace --sidecar-db-name _vt --durability-policy none "$keyspace"
fi

if ((restart)); then
  for spec in "$@"; do
    uid=$((100 * ${spec%%:*} + 1))
    while read -r pid name; do
      [[ "$name" == "vttablet-$uid" ]] && kill -KILL -- "-$pid" 2>/dev/null || true
    done < "$pidf"
    sed -i "/ vttablet-$uid\$/d" "$pidf"
    for _ in $(seq 1 50); do port_open 127.0.0.1 $((base + 10 * ${spec%%:*} + 1)) || break; sleep 0.1; done
  done
fi

# mysqld for every tablet at once: mysqlctl init takes several seconds each.
init_pids=()
for spec in "$@"; do
  ((restart)) && break
  i="${spec%%:*}"; uid=$((100 * i + 1)); port=$((base + 10 * i))
  port_open 127.0.0.1 "$port" && die "Cannot add tablet $uid: port $port is taken"
  "${as_vt[@]}" env VTROOT="$VTROOT" VTDATAROOT="$VTDATAROOT" VT_MYSQL_ROOT="$VT_MYSQL_ROOT" \
    VT_MYSQL_BASEDIR="$VT_MYSQL_BASEDIR" EXTRA_MY_CNF="$EXTRA_MY_CNF" TMPDIR="$TMPDIR" PATH="$PATH" \
    "$vtroot/bin/mysqlctl" --tablet-uid $uid --mysql-port $((port + 2)) --log-format text init \
    >>"$logdir/mysqlctl-$uid.log" 2>&1 &
  init_pids+=("$!:$uid")
done
for p in "${init_pids[@]}"; do
  wait "${p%%:*}" || { show_log_tail "$logdir/mysqlctl-${p#*:}.log"; die "Cannot start the Vitess cluster: mysqlctl init for tablet ${p#*:} failed"; }
done

for spec in "$@"; do
  i="${spec%%:*}"; shard="${spec#*:}"; uid=$((100 * i + 1)); port=$((base + 10 * i))
  printf -v alias '%s-%010d' "$cell" "$uid"
  nohup setsid "${as_vt[@]}" "$vtroot/bin/vttablet" "${topo[@]}" --tablet-path "$alias" --tablet-hostname 127.0.0.1 \
    --init-keyspace "$keyspace" --init-shard "$shard" --init-tablet-type replica \
    --port $port --grpc-port $((port + 1)) --bind-address 127.0.0.1 \
    --service-map 'grpc-queryservice,grpc-tabletmanager,grpc-updatestream' \
    --health-check-interval 2s --heartbeat-on-demand-duration 5s --track-schema-versions \
    --backup-storage-implementation file --file-backup-storage-root "$dir/backups" --log-format text \
    >>"$logdir/vttablet-$uid.log" 2>&1 </dev/null &
  echo "$! vttablet-$uid" >> "$pidf"
done
for spec in "$@"; do
  i="${spec%%:*}"; uid=$((100 * i + 1)); port=$((base + 10 * i))
  for _ in $(seq 1 300); do port_open 127.0.0.1 $((port + 1)) && break; sleep 0.2; done
  port_open 127.0.0.1 $((port + 1)) || { show_log_tail "$logdir/vttablet-$uid.log"; die "Cannot start the Vitess cluster: vttablet-$uid did not listen on $((port + 1)) within 60 s"; }
done
declare -A primary_of=()
for spec in "$@"; do
  ((restart)) && break
  i="${spec%%:*}"; shard="${spec#*:}"; uid=$((100 * i + 1))
  [[ -n "${primary_of[$shard]:-}" ]] && continue
  printf -v alias '%s-%010d' "$cell" "$uid"
  primary_of[$shard]="$alias"
  vtctl PlannedReparentShard "$keyspace/$shard" --new-primary "$alias"
done
log "cluster: $keyspace tablets $* $( ((restart)) && echo restarted || echo ready)"
