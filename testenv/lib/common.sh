# Shared settings for the testenv scripts. Sourced, never executed.
# Everything heavy (Vitess binaries, MySQL, S3Proxy) is cached OUTSIDE the repository,
# keyed by version, so a second machine setup or CI run only rebuilds what is missing.

set -euo pipefail

TESTENV_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$TESTENV_DIR/.." && pwd)"

# Versions: change one here and the next `testenv/up` builds/fetches it into a new cache folder.
VITESS_VERSION="${VITESS_VERSION:-v0.24.3}"
MYSQL_VERSION="${MYSQL_VERSION:-9.7}"          # Debian sid mysql-server-core-$MYSQL_VERSION
S3PROXY_VERSION="${S3PROXY_VERSION:-4.1.0}"
PG_MAJOR="${PG_MAJOR:-15}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.10}"       # the topology server of the multi-process cluster
PYARROW_VERSION="${PYARROW_VERSION:-26.0.1}"  # the tests' independent Parquet reader (PyPI)
DUCKDB_PY_VERSION="${DUCKDB_PY_VERSION:-2.0.1}"  # DuckDB's Python package, beside it (PyPI)
SQLGLOT_VERSION="${SQLGLOT_VERSION:-30.31.0}"  # sink-redshift's Redshift parser check (PyPI), beside them

# As root the cache goes to /var/cache: Vitess refuses to run as root, so its binaries must be
# readable by the unprivileged user that runs them (see start-vitess.sh), and /root is not.
if [[ "$(id -u)" == 0 ]]; then default_cache=/var/cache/vitess-replicator
else default_cache="${XDG_CACHE_HOME:-$HOME/.cache}/vitess-replicator"; fi
CACHE_DIR="${REPLICATOR_CACHE:-$default_cache}"
# The Python test tools' environment (install-python-tools.sh). Its name keeps the pyarrow/duckdb key
# that testenv/up exports PARQUET_PYTHON under; the sqlglot pin is checked inside it instead (a
# different pin is installed into it), so changing SQLGLOT_VERSION updates it without a rebuild.
PYTHON_TOOLS_DIR="$CACHE_DIR/python-tools-pyarrow-$PYARROW_VERSION-duckdb-$DUCKDB_PY_VERSION"
# The unprivileged user that runs Vitess and MySQL when the scripts run as root.
VT_RUN_USER="${VT_RUN_USER:-vtreplicator}"
# Runtime state (data dirs, logs, pids) lives outside the repo too, so a `git clean` never
# kills a running server's files; logs are symlinked into testenv/logs for convenience.
RUN_DIR="${REPLICATOR_TESTENV_RUN:-${TMPDIR:-/tmp}/vitess-replicator-testenv}"
# Exported so that a script run by another (whose TMPDIR may be a server's) finds the same state.
export REPLICATOR_TESTENV_RUN="$RUN_DIR"
LOG_DIR="$RUN_DIR/logs"

# Fixed loopback ports (override by env if they clash on your machine).
VT_BASE_PORT="${VT_BASE_PORT:-15990}"     # +0 http, +1 grpc, +2 mysqld, +3 vtgate mysql
VT_TLS_BASE_PORT="${VT_TLS_BASE_PORT:-16990}"  # the same for the mutual-TLS instance
VT_AUTH_BASE_PORT="${VT_AUTH_BASE_PORT:-17990}"  # the same for the static-auth instance
VT_DDL_BASE_PORT="${VT_DDL_BASE_PORT:-18990}"    # the same for the online-DDL instance
VT_CLUSTER_BASE_PORT="${VT_CLUSTER_BASE_PORT:-19990}"  # the multi-process cluster: see start-vitess-cluster.sh
VT_NOHISTORY_BASE_PORT="${VT_NOHISTORY_BASE_PORT:-20990}"  # the instance without schema history (start-vitess.sh nohistory)
PG_PORT="${PG_PORT:-15432}"
S3_PORT="${S3_PORT:-15480}"

log() { printf '[testenv] %s\n' "$*" >&2; }
die() { printf '[testenv] ERROR: %s\n' "$*" >&2; exit 1; }

# Prints the last lines of a log so a failed start explains itself.
show_log_tail() {
  local file="$1"
  if [[ -f "$file" ]]; then
    printf '[testenv] ---- last 40 lines of %s ----\n' "$file" >&2
    tail -n 40 "$file" >&2 || true
    printf '[testenv] ---- end of %s ----\n' "$file" >&2
  else
    printf '[testenv] (no log at %s)\n' "$file" >&2
  fi
}

# port_open HOST PORT: true when something accepts TCP connections there.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# pid_alive FILE: true when FILE holds the pid of a running process.
pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
# group_alive FILE: true when the process FILE names runs, or a process of the group it leads
# (it may have exited: the static-auth vttestserver does, leaving its vtcombo serving). The
# process itself counts too: right after `setsid cmd &` the group exists only once setsid ran.
group_alive() {
  [[ -f "$1" ]] || return 1
  kill -0 "$(cat "$1")" 2>/dev/null || kill -0 -- "-$(cat "$1")" 2>/dev/null
}
mkdir -p "$LOG_DIR"

# vitess_mysql_config DIR VTROOT MYSQL_DEST BUFFER_POOL: DIR/vtroot/config is Vitess's config/
# adapted to MySQL 9.7 (Vitess's test-suite.cnf, always loaded by vttestserver, sets
# innodb_log_file_size, which MySQL 9 removed: mysqld refuses to start; innodb_redo_log_capacity
# replaces it), and DIR/extra.cnf points mysqld at the cached MySQL.
vitess_mysql_config() {
  local dir="$1" vtroot="$2" mysql_dest="$3" buffer_pool="$4"
  cp -r "$vtroot/config" "$dir/vtroot/config"
  sed -i 's/^innodb_log_file_size.*/innodb_redo_log_capacity = 64M/; s/^slave_net_timeout/replica_net_timeout/' \
    "$dir/vtroot/config/mycnf/test-suite.cnf"
  mkdir -p "$dir/secure-file-priv"
  cat > "$dir/extra.cnf" <<CNF
[mysqld]
basedir = $mysql_dest/root/usr
lc-messages-dir = $mysql_dest/root/usr/share/mysql
plugin-dir = $mysql_dest/root/usr/lib/mysql/plugin
secure-file-priv = $dir/secure-file-priv
mysqlx = 0
innodb_buffer_pool_size = $buffer_pool
innodb_flush_log_at_trx_commit = 2
sync_binlog = 0
max_connections = 500
CNF
}

# run_as_vt DIR...: mysqlctl refuses to run as root, so as root Vitess and MySQL run as
# VT_RUN_USER (created when missing), owning DIR...; sets the array as_vt to prefix commands with.
run_as_vt() {
  as_vt=()
  if [[ "$(id -u)" == 0 ]]; then
    id -u "$VT_RUN_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$VT_RUN_USER"
    chown -R "$VT_RUN_USER" "$@"
    chmod 755 "$RUN_DIR"
    as_vt=(runuser -u "$VT_RUN_USER" --)
  fi
}

# vitess_env DIR VTROOT MYSQL_DEST: the environment Vitess's tools run MySQL with (a private
# VTROOT with the adapted config, data under DIR, the cached MySQL).
vitess_env() {
  local dir="$1" vtroot="$2" mysql_dest="$3"
  export VTROOT="$dir/vtroot"
  export VTDATAROOT="$dir/vtdataroot"
  export VT_MYSQL_ROOT="$mysql_dest/vtroot"
  export VT_MYSQL_BASEDIR="$mysql_dest/root/usr"
  export TMPDIR="$dir/tmp"
  export PATH="$vtroot/bin:$VT_MYSQL_ROOT/bin:$PATH"
}
