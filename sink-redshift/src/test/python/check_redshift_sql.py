#!/usr/bin/env python3
"""The Redshift parser check of sink-redshift's golden SQL.

Every statement in the golden files (src/test/resources/golden/*.sql, written and compared by
RedshiftGoldenSqlTest) must be understood by sqlglot's `redshift` dialect and use nothing that
Redshift lacks. sqlglot's Redshift dialect extends its PostgreSQL dialect and happily parses much
PostgreSQL-only SQL (ON CONFLICT, DISTINCT ON, COPY FROM STDIN, ::jsonb, bytea), so parsing alone
proves little. A statement is rejected when any of these holds:

  1. it does not parse with read="redshift" (ErrorLevel.RAISE);
  2. sqlglot did not understand it and kept it as an opaque Command (everything but `LOCK <table>`,
     which sqlglot does not model and which is checked by a pattern instead);
  3. generating it back as Redshift with unsupported_level=RAISE reports something unsupported
     (e.g. FOR UPDATE);
  4. its syntax tree or tokens contain a construct on the deny-list below: PostgreSQL features Redshift
     does not have, and Redshift restrictions sqlglot does not know (one action per ALTER TABLE, no
     IF [NOT] EXISTS on columns, no ALTER COLUMN ... USING).

What it does not check: that the tables and columns exist, types of expressions, privileges, or how
Redshift executes the statement (e.g. that ALTER COLUMN TYPE runs outside a transaction block). Only
a Redshift cluster can tell that.

Usage:
  check_redshift_sql.py [--self-test NEGATIVE_DIR] GOLDEN_FILE_OR_DIR...
Exit status 0 when every golden statement passes and (with --self-test) every negative sample is
rejected; 1 otherwise, naming the file and statement. Requires sqlglot (pinned in testenv/lib/common.sh).
"""
import argparse
import pathlib
import re
import sys

try:
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ErrorLevel, ParseError, UnsupportedError
    from sqlglot.tokens import TokenType
except ImportError:  # pragma: no cover
    print("check_redshift_sql.py: sqlglot is not installed for " + sys.executable
          + "; run testenv/lib/install-python-tools.sh (or set SQLGLOT_PYTHON)", file=sys.stderr)
    sys.exit(2)

import logging

logging.getLogger("sqlglot").setLevel(logging.ERROR)  # the Command fallback is reported by us

DIALECT = "redshift"

# Words that name PostgreSQL-only types or COPY endpoints; matched against identifier and keyword
# tokens (not string literals), case-insensitively. sqlglot maps bytea and varbyte to the same type,
# and jsonb casts to JSONB, so some must be caught on the tokens.
DENIED_WORDS = {
    "bytea": "the bytea type (Redshift: VARBYTE)",
    "jsonb": "the jsonb type (Redshift: SUPER)",
    "json": "the json type (Redshift: SUPER or VARCHAR)",
    "serial": "serial columns (Redshift: IDENTITY)",
    "bigserial": "bigserial columns (Redshift: IDENTITY)",
    "smallserial": "smallserial columns (Redshift: IDENTITY)",
    "stdin": "COPY FROM STDIN (Redshift loads from S3 or other AWS sources only)",
    "stdout": "COPY TO STDOUT (Redshift: UNLOAD)",
    "uuid": "the uuid type",
    "inet": "the inet type",
    "cidr": "the cidr type",
    "hstore": "the hstore type",
    "xml": "the xml type",
    "money": "the money type",
    "excluded": "EXCLUDED (INSERT ... ON CONFLICT)",
}

# Functions PostgreSQL has and Redshift lacks (or runs on the leader node only, useless in DML).
# format_type is not here: Redshift keeps it for catalog queries on the leader node (AWS's own
# admin views, e.g. v_generate_tbl_ddl in awslabs/amazon-redshift-utils, read column types with it).
DENIED_FUNCTION = re.compile(
    r"^(pg_(try_)?advisory_\w*|pg_advisory\w*|to_regclass|jsonb_\w+|json_build_\w+|"
    r"json_agg|array_agg|string_to_array|unnest|generate_series|gen_random_uuid|pg_sleep)$",
    re.IGNORECASE)

LOCK_COMMAND = re.compile(r'^(TABLE\s+)?("([^"]|"")+"|\w+)(\.("([^"]|"")+"|\w+))?'
                          r'(\s*,\s*("([^"]|"")+"|\w+)(\.("([^"]|"")+"|\w+))?)*$', re.IGNORECASE)


def problems(sql):
    """What makes `sql` not Redshift SQL; empty when nothing does."""
    found = []
    try:
        trees = [t for t in sqlglot.parse(sql, read=DIALECT, error_level=ErrorLevel.RAISE) if t is not None]
    except ParseError as e:
        return ["does not parse as Redshift SQL: " + str(e).splitlines()[0]]
    if len(trees) != 1:
        return ["is %d statements, expected exactly one" % len(trees)]
    tree = trees[0]

    if isinstance(tree, exp.Command):
        verb = str(tree.this).upper()
        rest = tree.expression.this if isinstance(tree.expression, exp.Literal) else str(tree.expression or "")
        if verb == "LOCK" and LOCK_COMMAND.match(rest.strip()):
            return []  # sqlglot does not model LOCK; the pattern above is Redshift's LOCK [TABLE] name, ...
        return ["is not understood by the parser (sqlglot kept it as an opaque " + verb
                + " command): some clause is not Redshift syntax"]

    try:
        sqlglot.transpile(sql, read=DIALECT, write=DIALECT, unsupported_level=ErrorLevel.RAISE)
    except UnsupportedError as e:
        found.append("uses something Redshift does not support: " + str(e).splitlines()[0])

    for node in tree.walk():
        if isinstance(node, exp.OnConflict):
            found.append("INSERT ... ON CONFLICT (upsert) is PostgreSQL-only")
        elif isinstance(node, exp.Distinct) and node.args.get("on") is not None:
            found.append("SELECT DISTINCT ON is PostgreSQL-only")
        elif isinstance(node, exp.Lock):
            found.append("SELECT ... FOR UPDATE/SHARE: Redshift has no row locks")
        elif isinstance(node, exp.Returning):
            found.append("RETURNING is PostgreSQL-only")
        elif isinstance(node, exp.Lateral):
            found.append("LATERAL is PostgreSQL-only")
        elif isinstance(node, exp.Copy):
            if not node.args.get("kind"):
                found.append("COPY ... TO: Redshift unloads with UNLOAD")
            for f in node.args.get("files") or []:
                if not (isinstance(f, exp.Literal) and f.is_string and re.match(r"^(s3|dynamodb)://", f.this)):
                    found.append("COPY must read from an s3:// (or dynamodb://) location, not " + f.sql())
        elif isinstance(node, exp.DataType):
            if node.is_type(exp.DataType.Type.ARRAY) or node.args.get("nested"):
                found.append("array types (e.g. text[]) are PostgreSQL-only (Redshift: SUPER)")
            if node.is_type(exp.DataType.Type.JSONB, exp.DataType.Type.JSON, exp.DataType.Type.UUID,
                            exp.DataType.Type.INET, exp.DataType.Type.HSTORE, exp.DataType.Type.XML,
                            exp.DataType.Type.MONEY, exp.DataType.Type.SERIAL, exp.DataType.Type.BIGSERIAL,
                            exp.DataType.Type.SMALLSERIAL):
                found.append("the type " + node.sql(dialect="postgres") + " is PostgreSQL-only")
        elif isinstance(node, (exp.Anonymous, exp.Func)):
            name = node.name if isinstance(node, exp.Anonymous) else node.sql_name()
            if DENIED_FUNCTION.match(name or ""):
                found.append("the function " + name + " is not available in Redshift")
        elif isinstance(node, exp.Alter):
            actions = node.args.get("actions") or []
            if len(actions) > 1:
                found.append("ALTER TABLE with several actions: Redshift takes one per statement")
            for a in actions:
                if isinstance(a, exp.ColumnDef) and a.args.get("exists"):
                    found.append("ADD COLUMN IF NOT EXISTS is PostgreSQL-only")
                if isinstance(a, exp.Drop) and a.args.get("exists") and (a.args.get("kind") or "").upper() == "COLUMN":
                    found.append("DROP COLUMN IF EXISTS is PostgreSQL-only")
                if isinstance(a, exp.AlterColumn) and isinstance(a.args.get("using"), exp.Expression):
                    found.append("ALTER COLUMN ... TYPE ... USING is PostgreSQL-only")
                if isinstance(a, exp.AlterColumn) and a.args.get("drop") and a.args.get("allow_null"):
                    found.append("ALTER COLUMN ... DROP NOT NULL is PostgreSQL-only")
        elif isinstance(node, exp.Create):
            if (node.args.get("kind") or "").upper() == "INDEX":
                found.append("CREATE INDEX: Redshift has no indexes")
        elif isinstance(node, exp.WithDataProperty):
            found.append("CREATE TABLE ... AS ... WITH [NO] DATA is PostgreSQL-only")
        elif isinstance(node, exp.OnCommitProperty):
            found.append("ON COMMIT (temporary tables) is PostgreSQL-only")

    for token in sqlglot.tokenize(sql, read=DIALECT):
        if token.token_type in (TokenType.STRING, TokenType.NATIONAL_STRING):
            continue
        if token.token_type == TokenType.IDENTIFIER:
            continue  # a quoted name may be anything
        word = token.text.lower()
        if word in DENIED_WORDS:
            found.append("uses " + DENIED_WORDS[word])
    # dict.fromkeys: keep the order, drop repeats
    return list(dict.fromkeys(found))


def statements(path):
    """(label, sql) of each statement: `-- label` line, the statement, `;` and a blank line."""
    text = path.read_text(encoding="utf-8")
    out = []
    for chunk in re.split(r";\n\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        lines = chunk.split("\n")
        label = lines[0][3:].strip() if lines[0].startswith("-- ") else "statement"
        sql = "\n".join(lines[1:] if lines[0].startswith("-- ") else lines).strip().rstrip(";")
        out.append((label, sql))
    return out


def sql_files(paths):
    for p in paths:
        p = pathlib.Path(p)
        if p.is_dir():
            yield from sorted(p.glob("*.sql"))
        else:
            yield p


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--self-test", metavar="NEGATIVE_DIR",
                        help="also check that every statement in NEGATIVE_DIR/*.sql is rejected")
    parser.add_argument("golden", nargs="+", help="golden .sql files or directories")
    args = parser.parse_args()

    failures = 0
    checked = 0
    for path in sql_files(args.golden):
        for label, sql in statements(path):
            checked += 1
            for p in problems(sql):
                failures += 1
                print(f"{path}: statement '{label}' {p}:\n    {sql}", file=sys.stderr)
    if checked == 0:
        print("check_redshift_sql.py: no statements found in " + " ".join(args.golden), file=sys.stderr)
        return 1

    rejected = 0
    if args.self_test:
        negatives = list(sql_files([args.self_test]))
        if not negatives:
            print("check_redshift_sql.py: no negative samples in " + args.self_test, file=sys.stderr)
            return 1
        for path in negatives:
            for label, sql in statements(path):
                found = problems(sql)
                if found:
                    rejected += 1
                    print(f"self-test: rejected as it should be: {path.name} '{label}': {found[0]}")
                else:
                    failures += 1
                    print(f"{path}: self-test: the PostgreSQL-only statement '{label}' was ACCEPTED; the check"
                          f" cannot tell it from Redshift SQL:\n    {sql}", file=sys.stderr)

    print(f"check_redshift_sql.py: {checked} golden statements checked with sqlglot {sqlglot.__version__}"
          f" ({DIALECT}), {rejected} negative samples rejected, {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
