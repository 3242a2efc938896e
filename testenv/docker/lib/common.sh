# Shared settings for the Docker test scripts (testenv/docker). Sourced, never executed.
# Builds the same way testenv does: heavy things (the Compose and buildx plugins, the base images)
# are cached OUTSIDE the repository, keyed by version; all of a run's engine state (dockerd's data
# root, exec root, socket, pid file) lives under one temporary folder that `dockerd-down` removes.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/lib/common.sh"

DOCKER_TESTENV_DIR="$TESTENV_DIR/docker"
COMPOSE_VERSION="${COMPOSE_VERSION:-v5.6.0}"   # github.com/docker/compose/v5 (v5.7 needs a newer Go)
BUILDX_VERSION="${BUILDX_VERSION:-v0.38.2}"    # github.com/docker/buildx
DEBIAN_SUITE="${DEBIAN_SUITE:-bookworm}"
# The plugins go where the docker CLI looks for them: $DOCKER_CONFIG/cli-plugins.
PLUGINS_DIR="$CACHE_DIR/docker-plugins-compose-$COMPOSE_VERSION-buildx-$BUILDX_VERSION"
BASE_IMAGES_DIR="$CACHE_DIR/docker-base-images"
# One engine per run: its whole state lives here (override for a second engine on one machine).
DOCKER_RUN_DIR="${DOCKER_RUN_DIR:-${TMPDIR:-/tmp}/vitess-replicator-dockerd}"
DOCKER_SOCKET="$DOCKER_RUN_DIR/docker.sock"

dlog() { printf '[docker-testenv] %s\n' "$*" >&2; }

# Points the docker CLI at the private engine and the cached plugins.
use_private_engine() {
  export DOCKER_HOST="unix://$DOCKER_SOCKET"
  export DOCKER_CONFIG="$DOCKER_RUN_DIR/cli-config"
  mkdir -p "$DOCKER_CONFIG"
  ln -sfn "$PLUGINS_DIR" "$DOCKER_CONFIG/cli-plugins"
  # Compose builds through buildx bake; the engine's own builder (driver "docker") is used.
  export COMPOSE_BAKE=true
}
