package io.vitessreplicator.e2e;

import io.vitessreplicator.testkit.VtgateSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Continuous writes to a table {@code (id BIGINT PK, counter BIGINT, note VARCHAR, updated_at DATETIME(6))}
 * through vtgate: counter increments (every update adds exactly 1), inserts, deletes and
 * multi-statement transactions, until stopped. It writes {@value #DEFAULT_RATE} operations a second
 * unless told otherwise: unthrottled, one writer takes all the CPU vtgate and MySQL can get on a
 * 2-core machine, every other process of the test slows down with them, and the test then measures
 * the flood rather than the feature.
 */
final class SourceWriter implements AutoCloseable {
    private final String vtgateMysql;
    private final boolean transactions;
    private final String keyspace;
    private final String table;
    private final long maxExistingId;
    private final AtomicLong nextId;
    private final AtomicLong operations = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Operations a second unless {@link #limitRate} or {@link #unthrottled} says otherwise. */
    static final int DEFAULT_RATE = 250;

    /** Nanoseconds between operations' starts, or 0 for as fast as vtgate answers. */
    private volatile long pauseNanos = 1_000_000_000L / DEFAULT_RATE;

    SourceWriter(String keyspace, String table, long maxExistingId) {
        this(keyspace, table, maxExistingId, maxExistingId + 1_000_000);
    }

    /** @param firstNewId the id of the first row it inserts (later ones count up) */
    SourceWriter(String keyspace, String table, long maxExistingId, long firstNewId) {
        this(io.vitessreplicator.testkit.TestEnv.get("VTGATE_MYSQL"), keyspace, table, maxExistingId, firstNewId, true);
    }

    /**
     * @param vtgateMysql  host:port of the vtgate MySQL port to write through
     * @param transactions whether some writes are multi-statement transactions (else every
     *                     statement commits on its own)
     */
    SourceWriter(String vtgateMysql, String keyspace, String table, long maxExistingId, long firstNewId,
                 boolean transactions) {
        this.vtgateMysql = vtgateMysql;
        this.transactions = transactions;
        this.keyspace = keyspace;
        this.table = table;
        this.maxExistingId = maxExistingId;
        this.nextId = new AtomicLong(firstNewId);
        this.thread = new Thread(this::loop, "source-writer-" + table);
        thread.start();
    }

    long operations() {
        return operations.get();
    }

    /** At most {@code perSecond} operations a second from now on. */
    SourceWriter limitRate(int perSecond) {
        pauseNanos = 1_000_000_000L / perSecond;
        return this;
    }

    /**
     * As fast as vtgate answers from now on, for a test whose point is a backlog or many changes
     * of one key within a batch.
     */
    SourceWriter unthrottled() {
        pauseNanos = 0;
        return this;
    }

    private void loop() {
        try (Connection c = VtgateSql.connect(vtgateMysql, keyspace); Statement s = c.createStatement()) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            long next = System.nanoTime();
            while (running) {
                long pause = pauseNanos;
                if (pause > 0) {
                    next += pause;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    } else {
                        next = System.nanoTime();
                    }
                }
                int op = r.nextInt(transactions ? 100 : 88);
                long id = 1 + r.nextLong(maxExistingId);
                if (op < 60) {
                    s.execute("UPDATE " + table + " SET counter = counter + 1, updated_at = NOW(6) WHERE id = " + id);
                } else if (op < 80) {
                    s.execute("INSERT INTO " + table + " (id, counter, note, updated_at) VALUES (" + nextId.getAndIncrement()
                            + ", 0, 'inserted', NOW(6))");
                } else if (op < 88) {
                    s.execute("DELETE FROM " + table + " WHERE id = " + id);
                } else {
                    c.setAutoCommit(false);
                    for (int i = 0; i < 5; i++) {
                        s.execute("UPDATE " + table + " SET counter = counter + 1, note = 'tx' WHERE id = "
                                + (1 + r.nextLong(maxExistingId)));
                    }
                    s.execute("INSERT INTO " + table + " (id, counter, note, updated_at) VALUES (" + nextId.getAndIncrement()
                            + ", 1, 'tx insert', NOW(6))");
                    c.commit();
                    c.setAutoCommit(true);
                }
                operations.incrementAndGet();
            }
        } catch (SQLException | RuntimeException e) {
            failure.set(e);
        }
    }

    /** Stops writing and rethrows any write failure. */
    @Override
    public void close() throws Exception {
        running = false;
        thread.join(30_000);
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("source writes failed: " + t, t);
        }
    }
}
