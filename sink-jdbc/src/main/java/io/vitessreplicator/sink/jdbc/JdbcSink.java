package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkCapabilities;
import io.vitessreplicator.spi.SinkContext;
import io.vitessreplicator.spi.TargetReader;
import io.vitessreplicator.spi.Verifiable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SQL sink, whatever the target: batches become one transaction each (see
 * {@link JdbcBatchWriter}), and the checkpoint lives in a table of the target schema (see
 * {@link SqlDialect.CheckpointTable}). What differs between targets is the {@link SqlDialect}.
 *
 * <p>{@link #open} connects a control connection that lives as long as the sink and holds the
 * pipeline's fence ({@link SqlDialect.PipelineFence}); it creates the schema and the checkpoint
 * table when missing and records this instance as the pipeline's owner. When another live
 * instance holds the fence, open fails, or with {@link SinkContext#takeOver()} waits up to 60
 * seconds for it to let go. The control connection also creates and checks target tables, outside
 * the batch transactions. If it drops, the next {@link #begin} reconnects and takes the fence
 * again, or fails if someone else has it by then.
 *
 * <p>It takes net changes per key and applies every kind of schema change.
 *
 * <p>Not thread-safe: the runtime drives it from one thread. Each target has its public subclass
 * ({@link PostgresSink}), which picks the dialect and the config.
 */
public abstract class JdbcSink implements Sink, Verifiable {
    protected static final Duration DEFAULT_TAKE_OVER_WAIT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSink.class);
    private static final SinkCapabilities CAPABILITIES =
            new SinkCapabilities(SinkCapabilities.ChangeForm.NET, SinkCapabilities.allSchemaChanges());

    private final JdbcSinkSettings config;
    private final SqlDialect dialect;
    private final SqlDialect.Errors errors;
    private final Duration takeOverWait;
    private final SqlDialect.CheckpointTable checkpoints;
    private final TargetTables tables;
    private final SchemaHistory history;
    private SinkContext context;
    private JdbcConnector connector;
    private SqlDialect.PipelineFence lock;
    private Connection control;
    private HikariDataSource pool;
    private boolean closed;

    /** @param takeOverWait how long a take-over waits for the current holder to let go */
    protected JdbcSink(JdbcSinkSettings config, SqlDialect dialect, Duration takeOverWait) {
        this.config = requireNonNull(config, "config is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.errors = dialect.errors();
        this.takeOverWait = requireNonNull(takeOverWait, "takeOverWait is null");
        this.checkpoints = dialect.checkpointTable(config.schema(), config.checkpointTable());
        this.tables = new TargetTables(config, dialect);
        this.history = new SchemaHistory(dialect, config.schema(), config.checkpointTable());
    }

    @Override
    public SinkCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Optional<Checkpoint> open(SinkContext ctx) {
        requireNonNull(ctx, "context is null");
        if (context != null || closed) {
            throw new IllegalStateException("Cannot open a sink twice; create a new one");
        }
        String pipeline = ctx.pipeline();
        JdbcConnector conn = new JdbcConnector(config, dialect, pipeline);
        Connection c = conn.connectOrThrow("open pipeline " + pipeline);
        SqlDialect.PipelineFence pipelineLock = dialect.pipelineFence(config.schema(), config.checkpointTable(), pipeline,
                ctx.ownerToken());
        try {
            dialect.catalog().checkServer(c, config.hostPort());
            dialect.catalog().ensureSchema(c, config.schema());
            checkpoints.createIfMissing(c);
            history.createIfMissing(c);
            acquire(c, pipelineLock, ctx);
            c.setAutoCommit(false);
            Optional<StoredCheckpoint> before = checkpoints.claim(c, pipeline, ctx.ownerToken());
            c.commit();
            c.setAutoCommit(true);
            before.filter(b -> !b.owner().equals(ctx.ownerToken())).ifPresent(b -> LOG.info(
                    "Pipeline {} is now owned by {} (previous owner {}, last commit at {})", pipeline,
                    ctx.ownerToken(), b.owner(), b.lastCommit()));
            this.connector = conn;
            this.lock = pipelineLock;
            this.control = c;
            this.pool = conn.pool(pipeline);
            this.context = ctx;
            Optional<Checkpoint> checkpoint = before.flatMap(StoredCheckpoint::toCheckpoint);
            LOG.info("Opened pipeline {} on {} schema {} as owner {}: {}", pipeline,
                    config.redactedUrl(), config.schema(), ctx.ownerToken(),
                    checkpoint.map(cp -> "resuming at " + cp.position()).orElse("fresh, no checkpoint"));
            return checkpoint;
        } catch (SQLException e) {
            closeQuietly(c);
            throw errors.toSinkException(e, "open pipeline " + pipeline + " in schema " + config.schema(),
                    "Check that user " + conn.user() + " may create the schema, tables and the checkpoint table.");
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private void acquire(Connection c, SqlDialect.PipelineFence pipelineLock, SinkContext ctx) throws SQLException {
        if (pipelineLock.tryAcquire(c)) {
            return;
        }
        String holder = describeHolder(c, pipelineLock, ctx.pipeline());
        if (!ctx.takeOver()) {
            throw new FatalSinkException(FatalSinkException.Kind.PIPELINE_BUSY, "Cannot open pipeline " + ctx.pipeline()
                    + ": another instance " + holder + " holds it. Stop it, or start this instance with --takeover"
                    + " (pipeline.takeover: true) to wait up to " + takeOverWait.toSeconds()
                    + "s for it to finish its batch and hand over.", null);
        }
        LOG.warn("Pipeline {} is held by another instance {}; waiting up to {}s for it to let go (take-over)",
                ctx.pipeline(), holder, takeOverWait.toSeconds());
        if (!pipelineLock.acquireWithin(c, takeOverWait)) {
            throw new FatalSinkException(FatalSinkException.Kind.PIPELINE_BUSY, "Cannot take over pipeline "
                    + ctx.pipeline() + ": instance " + holder + " still holds it after " + takeOverWait.toSeconds()
                    + "s. Stop it (SIGTERM lets it finish its batch), then start this instance again.", null);
        }
    }

    private String describeHolder(Connection c, SqlDialect.PipelineFence pipelineLock, String pipeline) throws SQLException {
        Optional<StoredCheckpoint> row = checkpoints.read(c, pipeline);
        String who = row.map(r -> "(owner " + r.owner() + ", last commit at " + r.lastCommit() + ")")
                .orElse("(owner unknown: no checkpoint row yet)");
        return who + pipelineLock.holder(c).map(h -> " on connection " + h).orElse("");
    }

    @Override
    public BatchWriter begin(Optional<Position> start) {
        requireOpen();
        control();
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw connector.connectFailure(e, "begin a batch of pipeline " + context.pipeline());
        }
        return new JdbcBatchWriter(c, start, context.pipeline(), context.ownerToken(), dialect, checkpoints, tables,
                this::control, history, config.deleteMode(), context.commitObserver());
    }

    /**
     * The control connection, reconnected (and the lock taken again) if it dropped. Fails when
     * another instance took the lock in the meantime.
     */
    private Connection control() {
        try {
            if (control.isValid((int) Math.max(1, config.connectTimeout().toSeconds()))) {
                return control;
            }
        } catch (SQLException e) {
            LOG.debug("Control connection check failed: {}", e.getMessage());
        }
        LOG.warn("Lost the control connection of pipeline {}; reconnecting to take its lock again", context.pipeline());
        closeQuietly(control);
        Connection c = connector.connectOrThrow("take the lock of pipeline " + context.pipeline() + " again");
        try {
            if (!lock.tryAcquire(c)) {
                String holder = describeHolder(c, lock, context.pipeline());
                closeQuietly(c);
                throw new FatalSinkException("Cannot continue pipeline " + context.pipeline() + ": the connection"
                        + " holding its lock dropped and another instance " + holder + " holds it now. Stop this"
                        + " instance; the other one continues.");
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw errors.toSinkException(e, "take the lock of pipeline " + context.pipeline() + " again",
                    "Check the server's log.");
        }
        control = c;
        return c;
    }

    @Override
    public void check() {
        JdbcConnector conn = new JdbcConnector(config, dialect, "validate");
        Connection c;
        try {
            c = conn.connect();
        } catch (SQLException e) {
            throw conn.fatalConnectFailure(e, "validate the sink");
        }
        try (c) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            dialect.catalog().checkServer(c, config.hostPort());
            dialect.catalog().checkPrivileges(c, config.schema(), config.checkpointTable());
            c.rollback();
        } catch (SQLException e) {
            throw new FatalSinkException("Cannot validate the sink at " + config.hostPort() + ": "
                    + errors.describe(e) + ". Check sink.url, sink.user and the server's log.", e);
        }
    }

    @Override
    public Optional<Checkpoint> readCheckpoint(String pipelineName) {
        requireNonNull(pipelineName, "pipelineName is null");
        JdbcConnector conn = new JdbcConnector(config, dialect, "status");
        try (Connection c = conn.connectOrThrow("read the checkpoint of pipeline " + pipelineName)) {
            if (!dialect.catalog().tableExists(c, config.schema(), config.checkpointTable())) {
                return Optional.empty();
            }
            return checkpoints.read(c, pipelineName).flatMap(StoredCheckpoint::toCheckpoint);
        } catch (SQLException e) {
            throw errors.toSinkException(e, "read the checkpoint of pipeline " + pipelineName + " from "
                    + checkpoints.qualifiedName(), "Check that the user may read it.");
        }
    }

    /**
     * A reader on a connection of its own; needs no {@link #open}, so it runs next to the live
     * pipeline without claiming it.
     */
    @Override
    public TargetReader openTargetReader(String pipeline) {
        SqlDialect.ReadBack readBack = dialect.readBack().orElseThrow(() -> new FatalSinkException("Cannot verify"
                + " with the " + dialect.name() + " sink: it cannot read its target's values back yet."));
        JdbcConnector conn = new JdbcConnector(config, dialect, "verify");
        return new JdbcTargetReader(conn.connectOrThrow("read the target for verify"), new TargetTables(config, dialect),
                dialect, readBack);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            pool.close();
        }
        if (control != null && lock != null) {
            try {
                lock.release(control);
            } catch (SQLException e) {
                LOG.debug("Cannot release the lock of pipeline {} explicitly ({}); closing its connection releases it",
                        context.pipeline(), e.getMessage());
            }
        }
        closeQuietly(control);
        if (context != null) {
            LOG.info("Closed pipeline {} (lock released)", context.pipeline());
        }
    }

    private void requireOpen() {
        if (context == null || closed) {
            throw new IllegalStateException("Cannot begin a batch: the sink is " + (closed ? "closed" : "not open"));
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Cannot close connection: {}", e.getMessage());
        }
    }

    /**
     * The {@code ApplicationName} the sink's sessions of {@code pipeline} carry, as the server shows
     * it (e.g. in {@code pg_stat_activity}).
     */
    public static String applicationName(String pipeline) {
        return JdbcConnector.applicationName("vitess-replicator " + pipeline);
    }

    /** The pipeline this sink opened, or null before {@link #open}. */
    public String pipeline() {
        return context == null ? null : context.pipeline();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + config + "}";
    }
}
