package io.vitessreplicator.runtime;

/** Process exit codes of {@code bin/replicator}; documented in the README. */
public final class ExitCode {
    /** Finished as asked (a stopped {@code run}, a completed {@code backfill}, a clean {@code validate}). */
    public static final int OK = 0;
    /** Stopped by an error while replicating (the message says which). */
    public static final int FAILED = 1;
    /** The command line is wrong (picocli's usage error). */
    public static final int USAGE = 2;
    /** The config file is missing, malformed, or has an unknown key or a bad value. */
    public static final int CONFIG = 3;
    /** vtgate or the sink cannot be reached, or refused the credentials. */
    public static final int UNREACHABLE = 4;
    /** {@code validate} found tables or columns that cannot be replicated. */
    public static final int NOT_REPLICABLE = 5;
    /** Another instance holds the pipeline. */
    public static final int PIPELINE_BUSY = 6;
    /** The source no longer has the changes after the checkpoint (binary logs purged): copy again. */
    public static final int POSITION_LOST = 7;
    /** {@code verify} found rows that differ between source and target (they are listed). */
    public static final int DIFFERENT = 8;
    /** {@code verify} could not recheck some keys: the pipeline did not catch up with the source in time. */
    public static final int NOT_CONFIRMED = 9;

    private ExitCode() {}
}
