#!/usr/bin/env bash
# Installs Debian's Docker engine (dockerd, containerd, runc) and mmdebstrap when missing. Needs
# root (apt-get). The engine is never started as a system service: dockerd-up starts a private one.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
command -v systemd-analyze >/dev/null || missing+=(systemd)
((${#missing[@]} == 0)) && exit 0
[[ "$(id -u)" == 0 ]] || die "Cannot install ${missing[*]}: run as root, or install them with apt-get first."
dlog "installing ${missing[*]} from Debian"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
  || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; } \
  || die "apt-get could not install ${missing[*]}"
# The package enables a system dockerd through systemd's socket; this machine kind runs no
# systemd, and the tests never use it: they start their own engine (dockerd-up).
