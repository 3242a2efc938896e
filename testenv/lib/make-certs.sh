#!/usr/bin/env bash
# Makes a throwaway CA, a server certificate for 127.0.0.1/localhost, and two client
# certificates: CN=replicator-client (accepted by the mTLS Vitess) and CN=someone-else (signed by
# the same CA but not allowed). Keys are PKCS#8 PEM, which gRPC Java reads. Idempotent.
#   make-certs.sh DIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$1"
[[ -f "$out/other.key" ]] && exit 0
command -v openssl >/dev/null || die "Cannot make test certificates: openssl is not installed (apt-get install openssl)."
mkdir -p "$out"
cd "$out"
ossl() { openssl "$@" 2>/dev/null; }
ossl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=vitess-replicator test CA" -keyout ca.key -out ca.pem
cert() { # cert NAME CN [SAN]
  ossl req -newkey rsa:2048 -nodes -subj "/CN=$2" -keyout "$1.key.tmp" -out "$1.csr"
  if [[ -n "${3:-}" ]]; then printf 'subjectAltName=%s\n' "$3" > "$1.ext"; else : > "$1.ext"; fi
  ossl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -out "$1.pem" -extfile "$1.ext"
  ossl pkcs8 -topk8 -nocrypt -in "$1.key.tmp" -out "$1.key"
  rm -f "$1.key.tmp" "$1.csr" "$1.ext"
}
cert server localhost "IP:127.0.0.1,DNS:localhost"
cert client replicator-client
cert other someone-else
chmod 644 ./*.pem ./*.key
