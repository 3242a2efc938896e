package io.vitessreplicator.spi;

/**
 * Told each step a sink's commit reaches ("data staged", "manifest written", ...). The steps are
 * the sink's own and listed in its docs. Production passes {@link #NONE}; the sink contract suite
 * passes one that stops the process model at a step, to show that a crash there loses and repeats
 * nothing.
 */
@FunctionalInterface
public interface CommitObserver {
    CommitObserver NONE = step -> { };

    void reached(String step);
}
