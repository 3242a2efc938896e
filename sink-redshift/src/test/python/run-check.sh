#!/usr/bin/env bash
# Runs check_redshift_sql.py (the Redshift parser check of the golden SQL, with its negative
# self-test) with a Python that has the pinned sqlglot. Called by Maven in sink-redshift's test
# phase; a non-zero exit fails the build.
#
# The Python: $SQLGLOT_PYTHON when set; otherwise the test tools' environment, which
# testenv/lib/install-python-tools.sh creates or completes (once; later runs only check it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module="$(cd "$here/../../.." && pwd)"
repo="$(cd "$module/.." && pwd)"

if [[ -n "${SQLGLOT_PYTHON:-}" ]]; then
  py="$SQLGLOT_PYTHON"
else
  "$repo/testenv/lib/install-python-tools.sh" >&2
  # shellcheck source=../../../../testenv/lib/common.sh
  source "$repo/testenv/lib/common.sh"
  py="$PYTHON_TOOLS_DIR/bin/python"
fi
exec "$py" "$here/check_redshift_sql.py" --self-test "$here/negative" "$module/src/test/resources/golden"
