#!/bin/bash
# The stand-in's start script: the environment variables of vitess/vttestserver's own run.sh,
# passed to the same vttestserver flags, plus --extra-my-cnf for the stand-in's private MySQL. /vt/schema is mounted (read-only) by the compose file.
set -u
if [[ ! -d /vt/schema ]]; then
  echo "vttestserver stand-in: no schema mounted at /vt/schema" >&2; exit 1
fi
echo "max_connections = ${MYSQL_MAX_CONNECTIONS:-1000}" >> /vt/config/mycnf/test-suite.cnf
exec /vt/bin/vttestserver \
  --port "$PORT" \
  --keyspaces "$KEYSPACES" \
  --num-shards "$NUM_SHARDS" \
  --mysql-bind-host "${MYSQL_BIND_HOST:-127.0.0.1}" \
  --vtcombo-bind-host "${VTCOMBO_BIND_HOST:-127.0.0.1}" \
  --mysql-server-version "${MYSQL_SERVER_VERSION:-$1}" \
  --charset "${CHARSET:-utf8mb4}" \
  --vschema-ddl-authorized-users=% \
  --schema-dir=/vt/schema/ \
  --log-format text \
  --extra-my-cnf /vt/extra.cnf  # the stand-in's own: where its private MySQL lives (not upstream's)
