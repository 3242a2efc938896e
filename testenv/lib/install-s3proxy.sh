#!/usr/bin/env bash
# Fetches the S3Proxy fat jar from Maven Central into the cache, once per version.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
jar="$CACHE_DIR/s3proxy-$S3PROXY_VERSION/s3proxy.jar"
if [[ -s "$jar" ]]; then log "s3proxy $S3PROXY_VERSION already in $jar"; exit 0; fi
command -v mvn >/dev/null || die "Cannot fetch S3Proxy: 'mvn' is not on PATH."
mkdir -p "$(dirname "$jar")"
log "fetching s3proxy $S3PROXY_VERSION"
mvn -q -B dependency:copy "-Dartifact=org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
  "-DoutputDirectory=$(dirname "$jar")" -Dmdep.stripVersion=true -Dmdep.stripClassifier=true >&2
mv "$(dirname "$jar")"/s3proxy*.jar "$jar.tmp" && mv "$jar.tmp" "$jar"
log "s3proxy ready: $jar"
