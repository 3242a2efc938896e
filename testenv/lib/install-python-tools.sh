#!/usr/bin/env bash
# Installs the tests' Python tools: a virtual environment with pyarrow and duckdb (the independent
# Parquet reader) and sqlglot (sink-redshift's Redshift parser check), from PyPI, pinned in common.sh,
# in $PYTHON_TOOLS_DIR ($CACHE_DIR/python-tools-pyarrow-<v>-duckdb-<v>), once per version pair; a
# missing or differently pinned sqlglot is installed into an existing environment. testenv/.env points
# PARQUET_PYTHON at its bin/python, which runs testenv/parquet-dump.py; sink-redshift's
# src/test/python/run-check.sh runs check_redshift_sql.py with it. Ends with a self-check of
# parquet-dump.py's exactness.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dest="$PYTHON_TOOLS_DIR"
py="$dest/bin/python"
dump="$TESTENV_DIR/parquet-dump.py"

# The interpreter the environment is built on (PYTHON3 overrides). As root, Debian's: a venv links
# to its base interpreter, and one under /root (pyenv's, say) is unreadable to other users.
if [[ -n "${PYTHON3:-}" ]]; then base="$PYTHON3"
elif [[ "$(id -u)" == 0 && -x /usr/bin/python3 ]]; then base=/usr/bin/python3
else base="$(command -v python3)" || die "Cannot install the Python tools: 'python3' is not on PATH."
fi

# fallback_target: no venv here; pip installs into $dest/site-packages and $dest/bin/python is a
# wrapper that puts it first on the module path.
fallback_target() {
  "$base" -m pip --version >/dev/null 2>&1 \
    || die "Cannot install the Python tools: $base has neither a working venv module nor pip. Run: sudo apt-get install -y python3-venv"
  log "no venv for $base; installing with pip --target into $dest/site-packages"
  rm -rf "$dest"
  mkdir -p "$dest/bin"
  "$base" -m pip install -q --no-input --root-user-action=ignore --only-binary=:all: --target "$dest/site-packages" \
    "pyarrow==$PYARROW_VERSION" "duckdb==$DUCKDB_PY_VERSION" "sqlglot==$SQLGLOT_VERSION" >&2
  cat > "$py" <<W
#!/bin/sh
# Written by testenv/lib/install-python-tools.sh: $base with pyarrow, duckdb and sqlglot.
PYTHONPATH="$dest/site-packages\${PYTHONPATH:+:\$PYTHONPATH}" PYTHONNOUSERSITE=1 exec "$base" "\$@"
W
  chmod +x "$py"
}

# sqlglot_ok: the environment has sqlglot at the pinned version.
sqlglot_ok() {
  [[ "$("$py" -c 'import sqlglot; print(sqlglot.__version__)' 2>/dev/null)" == "$SQLGLOT_VERSION" ]]
}

if [[ -x "$py" ]] && "$py" -c 'import pyarrow, duckdb' 2>/dev/null; then
  log "python tools (pyarrow $PYARROW_VERSION, duckdb $DUCKDB_PY_VERSION) already in $dest"
  if ! sqlglot_ok; then
    # Pure Python and small: added to (or re-pinned in) the existing environment, no rebuild.
    log "installing sqlglot $SQLGLOT_VERSION into $dest"
    if [[ -d "$dest/site-packages" ]]; then
      "$base" -m pip install -q --no-input --root-user-action=ignore --upgrade --no-deps \
        --target "$dest/site-packages" "sqlglot==$SQLGLOT_VERSION" >&2
    else
      "$py" -m pip install -q --no-input --no-deps "sqlglot==$SQLGLOT_VERSION" >&2
    fi
    sqlglot_ok || die "Cannot import sqlglot $SQLGLOT_VERSION with $py after installing it."
  fi
else
  log "installing pyarrow $PYARROW_VERSION and duckdb $DUCKDB_PY_VERSION into $dest (first time only)"
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  if ! "$base" -m venv "$dest" >/dev/null 2>&1; then
    rm -rf "$dest"
    # Debian ships venv's ensurepip separately (python3-venv); install it the way the other
    # scripts install Debian packages, when root and it is Debian's python3.
    if [[ "$(id -u)" == 0 && "$base" == /usr/bin/python3 ]] && command -v apt-get >/dev/null; then
      log "installing python3-venv from Debian"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null
      apt-get install -y -qq python3-venv >/dev/null
    fi
    "$base" -m venv "$dest" >/dev/null 2>&1 || rm -rf "$dest"
  fi
  if [[ -x "$py" ]]; then
    # Wheels only: a source build of pyarrow takes far too long; a missing wheel should fail here.
    "$py" -m pip install -q --no-input --only-binary=:all: \
      "pyarrow==$PYARROW_VERSION" "duckdb==$DUCKDB_PY_VERSION" "sqlglot==$SQLGLOT_VERSION" >&2
  else
    fallback_target
  fi
  "$py" -c 'import pyarrow, duckdb' && sqlglot_ok \
    || die "Cannot import pyarrow, duckdb and sqlglot $SQLGLOT_VERSION with $py after installing them."
  log "python tools ready: $py (pyarrow $PYARROW_VERSION, duckdb $DUCKDB_PY_VERSION, sqlglot $SQLGLOT_VERSION)"
fi

# Self-check: parquet-dump.py prints a decimal256(65,30) at its maximum, the largest uint64 and a
# float -0.0 exactly (one file written with pyarrow, read back through the script). Once per
# environment and content of parquet-dump.py and this script, so a second `up` stays fast.
stamp="$dest/self-check-ok.$(cat "$dump" "${BASH_SOURCE[0]}" | sha256sum | cut -c1-12)"
if [[ -f "$stamp" ]]; then log "parquet-dump.py self-check already passed"; exit 0; fi
check="$(mktemp -d)"
trap 'rm -rf "$check"' EXIT
"$py" - "$check/check.parquet" <<'PY'
import sys
from decimal import Decimal
import pyarrow as pa, pyarrow.parquet as pq
pq.write_table(pa.table({
    "d": pa.array([Decimal("99999999999999999999999999999999999.999999999999999999999999999999")], pa.decimal256(65, 30)),
    "u": pa.array([18446744073709551615], pa.uint64()),
    "f": pa.array([-0.0], pa.float32()),
}), sys.argv[1])
PY
expected='{"schema": [{"name": "d", "type": "decimal256(65, 30)", "logical": "Decimal(precision=65, scale=30)", "physical": "FIXED_LEN_BYTE_ARRAY"}, {"name": "u", "type": "uint64", "logical": "Int(bitWidth=64, isSigned=false)", "physical": "INT64"}, {"name": "f", "type": "float", "logical": null, "physical": "FLOAT"}]}
{"row": ["99999999999999999999999999999999999.999999999999999999999999999999", "18446744073709551615", "-0x0.0p+0"]}'
actual="$("$py" "$dump" "$check/check.parquet" 2>&1)" \
  || die "parquet-dump.py self-check: $dump failed on $check/check.parquet: $actual"
[[ "$actual" == "$expected" ]] || die "parquet-dump.py self-check: not exact (pyarrow $PYARROW_VERSION).
expected:
$expected
got:
$actual"
rm -f "$dest"/self-check-ok.*
touch "$stamp"
log "parquet-dump.py self-check passed"
