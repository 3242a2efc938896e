#!/usr/bin/env bash
# Kills (SIGKILL) the mysqld of the cluster tablets with the given INDEXes (see cluster-tablets.sh),
# leaving their vttablets running: a primary's MySQL lost, for an EmergencyReparentShard test.
#   cluster-kill-mysqld.sh 9
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
(($# > 0)) || die "usage: cluster-kill-mysqld.sh INDEX..."
dir="$RUN_DIR/vitess-cluster"
for i in "$@"; do
  printf -v tabletdir 'vt_%010d' $((100 * i + 1))
  pkill -KILL -f "$dir/vtdataroot/$tabletdir/" || die "no mysqld of tablet $((100 * i + 1)) is running"
  for _ in $(seq 1 50); do pgrep -f "$dir/vtdataroot/$tabletdir/" >/dev/null || break; sleep 0.1; done
  log "cluster: mysqld of tablet $((100 * i + 1)) killed"
done
