package io.vitessreplicator.source;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.vitess.proto.Vtgate;
import io.vitessreplicator.pipeline.ByteBoundedQueue;
import io.vitessreplicator.pipeline.SourceEvent;
import io.vitessreplicator.source.wire.WireResponse;
import io.vitessreplicator.source.wire.WireResponseMarshaller;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one VStream call on its own thread and feeds the pipeline queue.
 *
 * <p>The blocking gRPC iterator gives back-pressure for free: while the queue is full this
 * thread blocks in {@link ByteBoundedQueue#put}, stops pulling messages, and HTTP/2 flow control
 * makes vtgate wait. Any failure becomes a {@link SourceEvent.Failed} in the queue, so the
 * batcher sees it in order and the runtime restarts from the checkpoint.
 */
public final class VStreamReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VStreamReader.class);

    private final ManagedChannel channel;
    private final VtgateOptions options;
    /**
     * For end-to-end tests only: {@code -Dreplicator.test.source-restart-ms=N} ends each stream
     * after between N/2 and 3N/2 ms with a transient failure, as a dropped vtgate connection would,
     * so a test restarts the stream at arbitrary moments (mid-transaction, between two shards'
     * DDLs). Not a setting; unset, streams end only when vtgate ends them.
     */
    static final String TEST_RESTART_PROPERTY = "replicator.test.source-restart-ms";
    private static final long TEST_RESTART_MS = Long.getLong(TEST_RESTART_PROPERTY, 0);

    private final Vtgate.VStreamRequest request;
    private final EventTranslator translator;
    private final ByteBoundedQueue queue;
    private final Context.CancellableContext context = Context.current().withCancellation();
    private final Thread thread;
    private volatile boolean closed;

    public VStreamReader(ManagedChannel channel, VtgateOptions options, Vtgate.VStreamRequest request,
                         EventTranslator translator, ByteBoundedQueue queue) {
        this.channel = requireNonNull(channel, "channel is null");
        this.options = requireNonNull(options, "options is null");
        this.request = requireNonNull(request, "request is null");
        this.translator = requireNonNull(translator, "translator is null");
        this.queue = requireNonNull(queue, "queue is null");
        this.thread = new Thread(this::read, "vstream-reader");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void read() {
        try {
            context.run(() -> {
                var creds = VtgateChannels.callCredentials(options);
                // The generated stub's call, with responses read by WireResponseMarshaller.
                Iterator<WireResponse> responses = ClientCalls.blockingServerStreamingCall(channel,
                        WireResponseMarshaller.VSTREAM, creds == null ? CallOptions.DEFAULT
                                : CallOptions.DEFAULT.withCallCredentials(creds), request);
                java.util.function.Consumer<SourceEvent> out = this::put;
                long failAt = TEST_RESTART_MS > 0
                        ? System.nanoTime() + (long) ((0.5 + Math.random()) * TEST_RESTART_MS * 1_000_000L) : Long.MAX_VALUE;
                while (responses.hasNext()) {
                    translator.translate(responses.next(), out);
                    if (System.nanoTime() > failAt) {
                        throw new SourceException("the stream ended for a test (" + TEST_RESTART_PROPERTY + ")", null, true);
                    }
                }
                throw new SourceException("vtgate " + options.target() + " ended the VStream", null, true);
            });
        } catch (StatusRuntimeException e) {
            if (!closed) {
                fail(describe(e));
            }
        } catch (SourceException e) {
            if (!closed) {
                fail(e);
            }
        } catch (QueueInterrupted e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                // Decoding errors name the table, column and value in their message.
                fail(new SourceException(e.getMessage() != null ? e.getMessage() : "Cannot read the VStream: " + e, e, false));
            }
        } catch (Error e) {
            // An Error (out of memory, a class from another build on the classpath) must stop the
            // pipeline too: a reader thread that just died left the batcher waiting for ever.
            if (!closed) {
                fail(new SourceException("The VStream reader failed: " + e, e, false));
            }
            throw e;
        }
    }

    private SourceException describe(StatusRuntimeException e) {
        Status s = e.getStatus();
        SourceException topology = TopologyErrors.describe(e, request.getVgtid(), this::servingShards);
        if (topology != null) {
            return topology;
        }
        String what = switch (s.getCode()) {
            case UNAVAILABLE -> "vtgate " + options.target() + " is unreachable (" + s.getDescription()
                    + "). Check source.vtgate, source.tls and that vtgate is running";
            case UNAUTHENTICATED, PERMISSION_DENIED -> "vtgate " + options.target() + " refused the credentials ("
                    + s.getDescription() + "). Check source.auth.username and source.auth.password";
            case RESOURCE_EXHAUSTED -> "a VStream message exceeded the limit (" + s.getDescription()
                    + "). Raise source.max-message-size";
            default -> "vtgate " + options.target() + " failed the VStream: " + s.getCode() + " "
                    + s.getDescription() + hint(s.getDescription());
        };
        // vtgate's "persistent error ... giving up" only means vtgate stopped retrying that shard:
        // seen when a tablet's mysqld is down, or a new table is not yet in a replica's schema.
        // Both heal, so the stream is reopened with backoff (bounded by
        // source.reconnect.max-attempts). A message over the size limit and refused credentials
        // do not heal by waiting.
        boolean retry = VtgateChannels.isTransient(s.getCode()) && s.getCode() != Status.Code.RESOURCE_EXHAUSTED;
        return new SourceException("Cannot stream from Vitess: " + what + ".", e, retry);
    }

    /**
     * What to do about a vttablet error the operator cannot read on its own; "" for the others.
     * "stream needs a position or a table to copy": the copy's tables are not in the tablet's
     * schema cache yet, as with a table created moments before (vttestserver and real tablets alike).
     */
    static String hint(String description) {
        if (description != null && description.contains("stream needs a position or a table to copy")) {
            return ". The tablet does not list the tables to copy in its schema yet: a new table appears there at the"
                    + " shard's next DDL, every --queryserver-config-schema-reload-time (30 min by default), or now"
                    + " with `vtctldclient ReloadSchemaKeyspace --include-primary <keyspace>`";
        }
        return "";
    }

    /** The keyspace's serving shards as vtgate reports them now; empty when it cannot tell. */
    private List<String> servingShards(String keyspace) {
        return new SourceStatistics(channel, options, "").shards().getOrDefault(keyspace, List.of());
    }

    private void put(SourceEvent event) {
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueInterrupted();
        }
    }

    private void fail(SourceException e) {
        LOG.debug("VStream failed", e);
        try {
            queue.put(new SourceEvent.Failed(e));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cancels the call and waits for the reader thread to finish. */
    @Override
    public void close() {
        closed = true;
        context.cancel(null);
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class QueueInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
