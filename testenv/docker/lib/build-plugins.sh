#!/usr/bin/env bash
# Builds the docker CLI plugins `compose` and `buildx` from the Go module proxy into
# $PLUGINS_DIR (cached, keyed by both versions). The machine's docker CLI has no compose plugin
# and no registry hands out binaries here; `go install module@version` is refused for both,
# because their go.mod files carry exclude/replace directives, which only apply in the main
# module. So each is built from a small wrapper module that copies those directives.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ -x "$PLUGINS_DIR/docker-compose" && -x "$PLUGINS_DIR/docker-buildx" ]]; then
  dlog "compose $COMPOSE_VERSION and buildx $BUILDX_VERSION already built in $PLUGINS_DIR"; exit 0
fi
command -v go >/dev/null || die "Cannot build the Docker Compose plugin: Go is not installed (1.26 or newer is needed)."

# build_plugin MODULE VERSION PACKAGE OUTPUT LDFLAGS
build_plugin() {
  local module="$1" version="$2" package="$3" output="$4" ldflags="$5"
  [[ -x "$output" ]] && return 0
  local work; work="$(mktemp -d)"
  local gomod; gomod="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$module@$version" \
    | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  [[ -f "$gomod" ]] || die "Cannot download $module@$version from the Go module proxy."
  local go_line; go_line="$(grep -m1 '^go ' "$gomod")"
  {
    echo "module vitess-replicator.local/plugin-wrapper"
    echo
    echo "$go_line"
    echo
    echo "require $module $version"
    # The upstream module's exclude and replace blocks/lines, verbatim (directives, not code).
    awk '/^(exclude|replace) \($/{on=1} on{print} on&&/^\)$/{on=0; print ""}
         /^(exclude|replace) [^(]/{print}' "$gomod"
  } > "$work/go.mod"
  printf 'package main\n\nimport _ "%s"\n' "$package" > "$work/tools.go"
  dlog "building $package $version (a few minutes the first time)"
  (cd "$work" && GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 || true
   cd "$work" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$output.tmp" "$package") \
    || die "Cannot build $package $version (see the go output above)."
  mv "$output.tmp" "$output"
  rm -rf "$work"
}

mkdir -p "$PLUGINS_DIR"
build_plugin github.com/docker/compose/v5 "$COMPOSE_VERSION" github.com/docker/compose/v5/cmd \
  "$PLUGINS_DIR/docker-compose" "-s -w -X github.com/docker/compose/v5/internal.Version=$COMPOSE_VERSION"
# Compose refuses a buildx that reports no version, hence the stamp.
build_plugin github.com/docker/buildx "$BUILDX_VERSION" github.com/docker/buildx/cmd/buildx \
  "$PLUGINS_DIR/docker-buildx" "-s -w -X github.com/docker/buildx/version.Version=$BUILDX_VERSION"
dlog "plugins ready in $PLUGINS_DIR"
