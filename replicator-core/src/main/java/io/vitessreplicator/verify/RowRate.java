package io.vitessreplicator.verify;

/**
 * Keeps the rows {@code verify} reads from vtgate under a rate: after each read it sleeps as long
 * as needed for the rows read so far not to exceed {@code rowsPerSecond} on average. Zero means
 * no limit.
 */
final class RowRate {
    private final long rowsPerSecond;
    private final long start = System.nanoTime();
    private long rows;

    RowRate(long rowsPerSecond) {
        if (rowsPerSecond < 0) {
            throw new IllegalArgumentException("rowsPerSecond is negative");
        }
        this.rowsPerSecond = rowsPerSecond;
    }

    void read(long n) {
        rows += n;
        if (rowsPerSecond == 0) {
            return;
        }
        long due = start + rows * 1_000_000_000L / rowsPerSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    long rows() {
        return rows;
    }
}
