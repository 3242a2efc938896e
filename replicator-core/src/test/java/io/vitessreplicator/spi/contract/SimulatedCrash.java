package io.vitessreplicator.spi.contract;

/**
 * Thrown by the contract suite's {@link io.vitessreplicator.spi.CommitObserver} at a commit step to
 * stop the sink there as a crash would. An {@link Error}, so that a sink's error handling (which
 * catches exceptions to roll back or clean up) does not run, as it would not in a dead process.
 */
public final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    public SimulatedCrash(String step) {
        super("simulated crash at commit step " + step, null, false, false);
    }
}
