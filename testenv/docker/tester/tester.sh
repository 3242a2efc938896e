#!/bin/bash
# The compose test's client, run as the `tester` service (compose.ci.yml) beside the others in
# their loopback-only namespace: it writes through vtgate's MySQL protocol and reads PostgreSQL.
#   tester.sh write FIRST LAST [DELAY]  insert customers and orders FIRST..LAST (one transaction per
#                                     id, DELAY seconds apart), update and delete some of them
#   tester.sh await-equal SECONDS     wait until the target holds exactly the source's rows
#   tester.sh count TABLE             rows of vitess.TABLE in PostgreSQL
#   tester.sh source-orders           customer.corder at the source, as await-equal compares it
set -euo pipefail
vt() { mariadb -h vitess -P 15993 -u root --batch --skip-column-names "$@"; }
pg() { psql -h postgres -U replicator -d replicator -qAtX -F $'\t' "$@"; }

# Every table the pipeline replicates, as "source query|target query" (same columns, same order).
QUERIES=(
  "SELECT customer_id, email FROM customer.customer ORDER BY customer_id|SELECT customer_id, email FROM vitess.customer ORDER BY customer_id"
  "SELECT order_id, customer_id, sku, price FROM customer.corder ORDER BY order_id|SELECT order_id, customer_id, sku, price FROM vitess.corder ORDER BY order_id"
  "SELECT sku, description, price FROM commerce.product ORDER BY sku|SELECT sku, description, price FROM vitess.product ORDER BY sku"
)

case "${1:?command}" in
  write)
    first="$2" last="$3" delay="${4:-0}"
    for ((i = first; i <= last; i++)); do
      vt -e "BEGIN;
        INSERT INTO customer.customer (customer_id, email) VALUES ($i, 'c$i@example.com');
        INSERT INTO customer.corder (order_id, customer_id, sku, price) VALUES ($i, $i, 'SKU-$((i % 50))', $((i % 200)).$((i % 100 / 10))5);
        INSERT INTO commerce.product (sku, description, price) VALUES ('SKU-$((i % 50))', 'product $i ☕', $((i % 90)).99)
          ON DUPLICATE KEY UPDATE description = VALUES(description), price = VALUES(price);
        COMMIT;"
      if ((i % 10 == 0)); then  # an update and a delete among the inserts
        vt -e "UPDATE customer.corder SET price = price + 1, sku = 'UPD-$i' WHERE order_id = $((i - 3));
               DELETE FROM customer.customer WHERE customer_id = $((i - 5))"
      fi
      [[ "$delay" == 0 ]] || sleep "$delay"
    done
    echo "tester: wrote ids $first..$last" ;;
  await-equal)
    deadline=$((SECONDS + ${2:-120}))
    while :; do
      differ=""
      for q in "${QUERIES[@]}"; do
        src="$(vt -e "${q%%|*}")"
        dst="$(pg -c "${q#*|}" 2>/dev/null || echo "(target not readable yet)")"
        [[ "$src" == "$dst" ]] || differ="${q%%|*}"
        [[ -z "$differ" ]] || break
      done
      if [[ -z "$differ" ]]; then
        echo "tester: target equals source ($(vt -e 'SELECT count(*) FROM customer.corder') orders, $(vt -e 'SELECT count(*) FROM customer.customer') customers, $(vt -e 'SELECT count(*) FROM commerce.product') products)"
        exit 0
      fi
      if ((SECONDS >= deadline)); then
        echo "tester: the target still differs from the source after ${2:-120} s, first for: $differ" >&2
        diff <(vt -e "${q%%|*}") <(pg -c "${q#*|}" 2>&1) | head -20 >&2 || true
        exit 1
      fi
      sleep 1
    done ;;
  count) pg -c "SELECT count(*) FROM vitess.$2" ;;
  source-orders) vt -e "SELECT order_id, customer_id, sku, price FROM customer.corder ORDER BY order_id" ;;
  *) echo "tester: unknown command $1" >&2; exit 2 ;;
esac
