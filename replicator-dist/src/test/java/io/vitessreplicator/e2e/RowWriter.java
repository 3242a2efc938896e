package io.vitessreplicator.e2e;

import io.vitessreplicator.testkit.VtgateSql;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes through vtgate, one transaction after another, while a topology change happens: an
 * insert of the next id and an update of an older row (on another shard, mostly) in each. A
 * write refused during a cut-over or a failover is retried with the same id, unless its commit
 * went through after all. The table has columns (id BIGINT PRIMARY KEY, version INT, payload
 * VARCHAR) and rows 1..{@code oldRows} before it starts.
 */
final class RowWriter {
    private final String vtgateMysql;
    private final String keyspace;
    private final String table;
    private final long oldRows;
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicBoolean paused = new AtomicBoolean(false);
    private final AtomicLong next;
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure = "";
    private final Thread thread = new Thread(this::run, "row-writer");

    RowWriter(String vtgateMysql, String keyspace, String table, long oldRows) {
        this.vtgateMysql = vtgateMysql;
        this.keyspace = keyspace;
        this.table = table;
        this.oldRows = oldRows;
        this.next = new AtomicLong(oldRows + 1);
    }

    void start() {
        thread.start();
    }

    /**
     * Inserts rows 1..{@code rows} in one statement, the way the writer writes them, retrying for
     * up to 30 s while vtgate does not serve a keyspace just created yet.
     */
    static void insertInitialRows(String vtgateMysql, String keyspace, String table, long rows)
            throws InterruptedException {
        String values = String.join(",", java.util.stream.LongStream.rangeClosed(1, rows)
                .mapToObj(id -> "(" + id + ", 1, 'row " + id + "')").toList());
        for (int i = 0; ; i++) {
            try {
                VtgateSql.execAt(vtgateMysql, keyspace, "INSERT INTO " + table + " (id, version, payload) VALUES " + values);
                return;
            } catch (SQLException e) {
                if (i == 150) {
                    throw new AssertionError("vtgate does not serve keyspace " + keyspace + " within 30 s", e);
                }
                Thread.sleep(200);
            }
        }
    }

    private void run() {
        while (writing.get()) {
            try {
                if (paused.get()) {
                    Thread.sleep(20);
                    continue;
                }
                long id = next.get();
                try {
                    VtgateSql.execAt(vtgateMysql, keyspace, "BEGIN",
                            "INSERT INTO " + table + " (id, version, payload) VALUES (" + id + ", 1, 'row " + id + "')",
                            "UPDATE " + table + " SET version = version + 1 WHERE id = " + (id % oldRows + 1), "COMMIT");
                    next.incrementAndGet();
                    Thread.sleep(10);
                } catch (SQLException e) {
                    failures.incrementAndGet();
                    lastFailure = e.getMessage();
                    if (String.valueOf(e.getMessage()).contains("Duplicate entry")) {
                        next.incrementAndGet();
                    } else {
                        Thread.sleep(50);
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits until {@code more} transactions more have committed; fails after 60 s. */
    void awaitWrites(long more) throws InterruptedException {
        long until = next.get() + more;
        for (int i = 0; next.get() < until; i++) {
            if (i == 600) {
                throw new AssertionError("the writer committed fewer than " + more + " transactions in 60 s ("
                        + failures.get() + " refused so far, the last: " + lastFailure + ")");
            }
            Thread.sleep(100);
        }
    }

    /** Stops writing after the transaction in flight; the writer can {@link #resume()}. */
    void pause() throws InterruptedException {
        paused.set(true);
        Thread.sleep(200);
    }

    void resume() {
        paused.set(false);
    }

    /** Stops writing; returns the last id written. */
    long stop() throws InterruptedException {
        writing.set(false);
        if (thread.isAlive()) {
            thread.join();
        }
        return next.get() - 1;
    }
}
