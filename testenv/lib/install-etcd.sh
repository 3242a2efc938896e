#!/usr/bin/env bash
# Builds etcd (the topology server of the multi-process Vitess cluster, start-vitess-cluster.sh)
# from its Go module into $CACHE_DIR/etcd-$ETCD_VERSION, once per version. A throwaway module
# requires go.etcd.io/etcd/server/v3 (whose main package is the etcd binary): `go install
# pkg@version` refuses it because its go.mod carries replace directives.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dest="$CACHE_DIR/etcd-$ETCD_VERSION"
if [[ -x "$dest/etcd" ]]; then log "etcd $ETCD_VERSION already built in $dest"; exit 0; fi
command -v go >/dev/null || die "Cannot build etcd: 'go' is not on PATH. Install Go 1.24+ and retry."
log "building etcd $ETCD_VERSION (first time only; about a minute)"
work="$dest.build"
rm -rf "$work"
mkdir -p "$work" "$dest"
cd "$work"
export GOFLAGS=-mod=mod
go mod init replicator-testenv/etcd-build >/dev/null 2>&1
printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > tools.go
go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
go mod tidy
CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$dest/etcd.tmp" go.etcd.io/etcd/server/v3
mv "$dest/etcd.tmp" "$dest/etcd"
cd /
rm -rf "$work"
log "etcd $ETCD_VERSION built: $dest/etcd"
