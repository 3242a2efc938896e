#!/usr/bin/env bash
# Makes the Debian root filesystems the stand-in images are built on, with mmdebstrap from the
# machine's own Debian sources (no registry is reachable here, so no public image can be pulled),
# and caches each as a tarball keyed by suite, package list and the local CA certificates.
#   make-base-images.sh            make what is missing, print nothing else
#   make-base-images.sh import     also `docker import` them into the running private engine
# The images (names are what the stand-in Dockerfiles build FROM):
#   vr-base/java:bookworm      JDK 17 + Maven: stands in for maven:*-eclipse-temurin-17 and
#                              eclipse-temurin:17-jre, and carries the Vitess and S3Proxy stand-ins
#   vr-base/postgres:bookworm  PostgreSQL 15 + a MySQL-protocol client: postgres:15 and the tester
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

declare -A PACKAGES=(
  [java]="ca-certificates,ca-certificates-java,openjdk-17-jdk-headless,maven,bash,procps"
  [postgres]="ca-certificates,postgresql-15,postgresql-client-15,mariadb-client-core,bash,procps"
)
sources=/etc/apt/sources.list.d/debian.sources
[[ -f "$sources" ]] || sources=/etc/apt/sources.list
# Builds that download over HTTPS inside a container (Maven) must trust what the host trusts: the
# host's extra CA certificates (Debian's local CA folder) are copied in and installed.
local_cas=/usr/local/share/ca-certificates
ca_key="$( (find "$local_cas" -type f -name '*.crt' -print0 2>/dev/null | sort -z | xargs -0r cat) | sha256sum | cut -c1-12)"

tarball() { # NAME -> cache path of its tarball
  local key; key="$(printf '%s|%s|%s' "$DEBIAN_SUITE" "${PACKAGES[$1]}" "$ca_key" | sha256sum | cut -c1-12)"
  echo "$BASE_IMAGES_DIR/$1-$DEBIAN_SUITE-$key.tar"
}

mkdir -p "$BASE_IMAGES_DIR"
for name in "${!PACKAGES[@]}"; do
  out="$(tarball "$name")"
  [[ -s "$out" ]] && continue
  command -v mmdebstrap >/dev/null || die "Cannot make base images: mmdebstrap is missing (run testenv/docker/lib/install-engine.sh)."
  dlog "making base image $name ($DEBIAN_SUITE: ${PACKAGES[$name]}); about a minute"
  hooks=()
  if compgen -G "$local_cas/*.crt" >/dev/null; then
    hooks=(--customize-hook="mkdir -p \"\$1$local_cas\""
           --customize-hook="copy-in $(printf '%q ' "$local_cas"/*.crt) $local_cas"
           --customize-hook='chroot "$1" update-ca-certificates --fresh >/dev/null')
  fi
  # (No dpkg path-excludes to save space: openjdk's postinst fails without its man pages.)
  mmdebstrap --variant=minbase --include="${PACKAGES[$name]}" \
    "${hooks[@]}" --customize-hook='chroot "$1" apt-get clean' \
    "$DEBIAN_SUITE" "$out.tmp.tar" "$sources" >"$out.log" 2>&1 \
    || { tail -30 "$out.log" >&2; die "mmdebstrap failed for base image $name (log: $out.log)"; }
  rm -f "$out.log"
  mv "$out.tmp.tar" "$out"
done

if [[ "${1:-}" == import ]]; then
  for name in "${!PACKAGES[@]}"; do
    image="vr-base/$name:$DEBIAN_SUITE"
    docker image inspect "$image" >/dev/null 2>&1 && continue
    dlog "importing $image"
    docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' "$(tarball "$name")" "$image" >/dev/null
  done
fi
