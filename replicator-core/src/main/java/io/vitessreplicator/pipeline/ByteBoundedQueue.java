package io.vitessreplicator.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO between the source thread and the batcher, bounded by the summed {@link SourceEvent#bytes()}
 * of its elements rather than by their count: one VStream event may hold one row or thousands.
 *
 * <p>{@link #put} blocks while the queue is full, which stops reading from gRPC and so pushes
 * back on vtgate through HTTP/2 flow control. An element larger than the whole capacity is still
 * admitted once the queue is empty, so a single huge row cannot deadlock the pipeline.
 */
public final class ByteBoundedQueue {
    private final long capacityBytes;
    private final ArrayDeque<SourceEvent> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private long bytes;

    public ByteBoundedQueue(long capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacityBytes must be positive");
        }
        this.capacityBytes = capacityBytes;
    }

    public void put(SourceEvent event) throws InterruptedException {
        long size = event.bytes();
        lock.lockInterruptibly();
        try {
            while (!items.isEmpty() && bytes + size > capacityBytes) {
                notFull.await();
            }
            items.addLast(event);
            bytes += size;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The next event, or null when none arrives within {@code timeout}. */
    public SourceEvent poll(Duration timeout) throws InterruptedException {
        return poll(timeout.toNanos());
    }

    /** The next event, or null when none arrives within {@code nanos}. */
    public SourceEvent poll(long nanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            SourceEvent e = items.removeFirst();
            bytes -= e.bytes();
            notFull.signalAll();
            return e;
        } finally {
            lock.unlock();
        }
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }
}
