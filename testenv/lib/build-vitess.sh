#!/usr/bin/env bash
# Builds vttestserver, vtcombo, mysqlctl and vtctldclient from the vitess Go module into
# $CACHE_DIR/vitess-$VITESS_VERSION, once per version; and, beside them, a vtcombo with
# testenv/vitess-patches/vtcombo-online-ddl.patch applied (for the `onlineddl` instance), once per
# version and patch content.
#
# Why a wrapper module: `go install vitess.io/vitess/go/cmd/vttestserver@vX` is refused because
# vitess's go.mod carries `exclude` directives, which `go install pkg@version` does not allow.
# A throwaway module that requires vitess and repeats those excludes builds the same commands.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

dest="$CACHE_DIR/vitess-$VITESS_VERSION"
# The online-DDL vtcombo (see testenv/vitess-patches/): keyed by the patch's content as well.
patch_file="$TESTENV_DIR/vitess-patches/vtcombo-online-ddl.patch"
patched="$dest/bin/vtcombo-onlineddl-$(sha256sum "$patch_file" | cut -c1-12)"

# wrapper_module DIR VITESS_DIR: a module in DIR that requires vitess (replaced by VITESS_DIR when
# given) with vitess's own exclude and replace lines, so module resolution matches its build.
wrapper_module() {
  local dir="$1" local_vitess="${2:-}" vtdir
  cd "$dir"
  export GOFLAGS=-mod=mod
  go mod init replicator-testenv/vitess-build >/dev/null 2>&1
  cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "vitess.io/vitess/go/cmd/mysqlctl"
	_ "vitess.io/vitess/go/cmd/vtcombo"
	_ "vitess.io/vitess/go/cmd/vtctldclient"
	_ "vitess.io/vitess/go/cmd/vttestserver"
	_ "vitess.io/vitess/go/cmd/vtctld"
	_ "vitess.io/vitess/go/cmd/vttablet"
	_ "vitess.io/vitess/go/cmd/vtgate"
)
GO
  go get "vitess.io/vitess@$VITESS_VERSION"
  vtdir="$(go list -m -f '{{.Dir}}' vitess.io/vitess)"
  if [[ -n "$local_vitess" ]]; then
    cp -r "$vtdir" "$local_vitess"
    chmod -R u+w "$local_vitess"
    go mod edit "-replace=vitess.io/vitess=$local_vitess"
    vtdir="$local_vitess"
  fi
  while read -r path version; do
    [[ -n "$path" ]] && go mod edit "-exclude=$path@$version"
  done < <(go mod edit -json "$vtdir/go.mod" | python3 -c '
import json,sys
m=json.load(sys.stdin)
for e in m.get("Exclude") or []: print(e["Path"], e["Version"])')
  while read -r old new; do
    [[ -n "$old" ]] && go mod edit "-replace=$old=$new"
  done < <(go mod edit -json "$vtdir/go.mod" | python3 -c '
import json,sys
m=json.load(sys.stdin)
for r in m.get("Replace") or []:
    o=r["Old"]["Path"]+("@"+r["Old"]["Version"] if r["Old"].get("Version") else "")
    n=r["New"]["Path"]+("@"+r["New"]["Version"] if r["New"].get("Version") else "")
    if not r["New"]["Path"].startswith((".", "/")): print(o, n)')
  go mod tidy
}

if [[ -x "$dest/bin/vttestserver" && -x "$dest/bin/vtcombo" && -x "$dest/bin/mysqlctl" && -d "$dest/config/mycnf" ]]; then
  log "vitess $VITESS_VERSION already built in $dest"
else
  command -v go >/dev/null || die "Cannot build Vitess: 'go' is not on PATH. Install Go 1.24+ and retry."
  log "building vitess $VITESS_VERSION (first time only; about 3-4 minutes on 2 cores)"
  work="$dest.build"
  rm -rf "$work"
  mkdir -p "$work" "$dest/bin"
  wrapper_module "$work"
  GOBIN="$dest/bin" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' \
    vitess.io/vitess/go/cmd/vttestserver vitess.io/vitess/go/cmd/vtcombo \
    vitess.io/vitess/go/cmd/mysqlctl vitess.io/vitess/go/cmd/vtctldclient
  rm -rf "$dest/config"
  cp -r "$(go list -m -f '{{.Dir}}' vitess.io/vitess)/config" "$dest/config"
  chmod -R u+w "$dest/config"
  cd /
  rm -rf "$work"
  log "vitess $VITESS_VERSION built: $(ls "$dest/bin" | tr '\n' ' ')"
fi

# The multi-process cluster's servers (start-vitess-cluster.sh): built in a second step so that a
# cache filled before they were needed is completed rather than rebuilt.
if [[ -x "$dest/bin/vtctld" && -x "$dest/bin/vttablet" && -x "$dest/bin/vtgate" ]]; then
  log "vitess $VITESS_VERSION cluster servers already built in $dest"
else
  command -v go >/dev/null || die "Cannot build Vitess: 'go' is not on PATH. Install Go 1.24+ and retry."
  log "building vtctld, vttablet and vtgate $VITESS_VERSION (first time only)"
  work="$dest.build-cluster"
  rm -rf "$work"
  mkdir -p "$work" "$dest/bin"
  wrapper_module "$work"
  GOBIN="$dest/bin" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' \
    vitess.io/vitess/go/cmd/vtctld vitess.io/vitess/go/cmd/vttablet vitess.io/vitess/go/cmd/vtgate
  cd /
  rm -rf "$work"
  log "vtctld, vttablet and vtgate built in $dest/bin"
fi

if [[ -x "$patched" ]]; then
  log "online-DDL vtcombo already built: $patched"
else
  command -v go >/dev/null || die "Cannot build Vitess: 'go' is not on PATH. Install Go 1.24+ and retry."
  command -v patch >/dev/null || die "Cannot build the online-DDL vtcombo: 'patch' is not on PATH. Install it (apt-get install patch)."
  log "building the online-DDL vtcombo (vitess $VITESS_VERSION + $(basename "$patch_file"); first time only)"
  work="$dest.build-onlineddl"
  rm -rf "$work"
  mkdir -p "$work/module" "$dest/bin"
  wrapper_module "$work/module" "$work/vitess"
  patch -d "$work/vitess" -p1 --quiet < "$patch_file"
  CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$patched.tmp" vitess.io/vitess/go/cmd/vtcombo
  mv "$patched.tmp" "$patched"
  cd /
  rm -rf "$work"
  log "online-DDL vtcombo built: $patched"
fi
