#!/usr/bin/env bash
# Undoes cluster-tablets.sh for a keyspace a test made for itself: stops the vttablets and
# mysqlds with the given INDEXes, removes their data, then deletes KEYSPACE from the topology.
# Tablets or a keyspace already gone are skipped, so a test can call it before and after.
#   cluster-tablets-remove.sh reshard 3 4 5 6 7 8
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

keyspace="${1:?usage: cluster-tablets-remove.sh KEYSPACE INDEX...}"; shift
base="$VT_CLUSTER_BASE_PORT"
dir="$RUN_DIR/vitess-cluster"
vtroot="$CACHE_DIR/vitess-$VITESS_VERSION"
pidf="$RUN_DIR/vitess-cluster.pids"
logdir="$LOG_DIR/vitess-cluster"
[[ -f "$pidf" ]] || die "Cannot remove tablets: the Vitess cluster is not running (testenv/lib/start-vitess-cluster.sh)."
run_as_vt "$dir" "$logdir"

for i in "$@"; do
  uid=$((100 * i + 1))
  while read -r pid name; do
    [[ "$name" == "vttablet-$uid" ]] && kill -KILL -- "-$pid" 2>/dev/null || true
  done < "$pidf"
  sed -i "/ vttablet-$uid\$/d" "$pidf"
  printf -v tabletdir 'vt_%010d' "$uid"
  pkill -KILL -f "$dir/vtdataroot/$tabletdir/" 2>/dev/null || true
  for _ in $(seq 1 20); do pgrep -f "$dir/vtdataroot/$tabletdir/" >/dev/null || break; sleep 0.2; done
  rm -rf "${dir:?}/vtdataroot/$tabletdir"
done
if "${as_vt[@]}" "$vtroot/bin/vtctldclient" --server "127.0.0.1:$((base + 5))" GetKeyspace "$keyspace" >/dev/null 2>&1; then
  "${as_vt[@]}" "$vtroot/bin/vtctldclient" --server "127.0.0.1:$((base + 5))" DeleteKeyspace --recursive --force "$keyspace" \
    >>"$logdir/vtctldclient.log" 2>&1 || { show_log_tail "$logdir/vtctldclient.log"; die "Cannot delete keyspace $keyspace"; }
fi
log "cluster: keyspace $keyspace and tablets $* removed"
