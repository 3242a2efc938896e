#!/bin/sh
# Writes the S3Proxy properties from the environment variables the public image reads.
set -eu
mkdir -p "$JCLOUDS_FILESYSTEM_BASEDIR"
props="$(mktemp)"
cat > "$props" <<P
s3proxy.endpoint=$S3PROXY_ENDPOINT
s3proxy.authorization=$S3PROXY_AUTHORIZATION
s3proxy.identity=$S3PROXY_IDENTITY
s3proxy.credential=$S3PROXY_CREDENTIAL
jclouds.provider=$JCLOUDS_PROVIDER
jclouds.filesystem.basedir=$JCLOUDS_FILESYSTEM_BASEDIR
P
exec java ${S3PROXY_JAVA_OPTS:--Xmx256m} -jar /opt/s3proxy/s3proxy --properties "$props"
