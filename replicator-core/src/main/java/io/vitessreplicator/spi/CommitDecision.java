package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import java.time.Instant;
import java.util.Optional;

/**
 * The one place where a commit is judged against the checkpoint it would replace. Every sink reads
 * its stored checkpoint inside the commit (under a row lock, a table lock, or before a conditional
 * write) and asks {@link #decide}; the rules are those of {@link Sink}'s "Exactly once" and
 * "Fencing" lists.
 */
public final class CommitDecision {

    /** What a commit does, given the stored checkpoint. */
    public enum Outcome {
        /** The batch continues the stored position: apply it and store its end. */
        APPLY,
        /** The batch was committed before (a replay after a lost acknowledgement): apply nothing. */
        ALREADY_COMMITTED,
        /** Another instance claimed the pipeline since this one did: refuse, change nothing. */
        NOT_OWNER,
        /** The batch does not start at the stored position: refuse, change nothing. */
        GAP
    }

    private CommitDecision() {}

    /**
     * @param stored      the position stored now; empty when no batch has committed yet
     * @param storedOwner the owner the stored checkpoint names (the last instance that claimed it)
     * @param start       where the batch starts (the position it was begun with)
     * @param end         where the batch ends
     * @param owner       this instance's owner token
     */
    public static Outcome decide(Optional<Position> stored, String storedOwner, Optional<Position> start,
                                 Position end, String owner) {
        requireNonNull(stored, "stored is null");
        requireNonNull(storedOwner, "storedOwner is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(owner, "owner is null");
        if (!owner.equals(storedOwner)) {
            return Outcome.NOT_OWNER;
        }
        // The start is compared first: copy-phase positions repeat (the position after one table's
        // copy equals the one before the next table's rows), so a batch may end where it started.
        if (start.equals(stored)) {
            return Outcome.APPLY;
        }
        return stored.isPresent() && stored.get().equals(end) ? Outcome.ALREADY_COMMITTED : Outcome.GAP;
    }

    /**
     * {@link #decide}, with the refusals thrown as {@link FatalSinkException}s whose messages are the
     * same for every sink.
     *
     * @param claimedAt when {@code storedOwner} claimed the pipeline, for the message; may be null
     * @return {@link Outcome#APPLY} or {@link Outcome#ALREADY_COMMITTED}
     */
    public static Outcome require(String pipeline, Optional<Position> stored, String storedOwner, Instant claimedAt,
                                  Optional<Position> start, Position end, String owner) {
        Outcome outcome = decide(stored, storedOwner, start, end, owner);
        switch (outcome) {
            case NOT_OWNER -> throw new FatalSinkException("Cannot commit a batch of pipeline " + pipeline + ": instance "
                    + storedOwner + " took the pipeline over" + (claimedAt == null ? "" : " at " + claimedAt)
                    + " and this instance (" + owner + ") no longer owns it. Stop this instance; the other one continues.");
            case GAP -> throw new FatalSinkException("Cannot commit a batch of pipeline " + pipeline + ": it starts at "
                    + describe(start) + " but the stored checkpoint is " + describe(stored) + ", so applying it would"
                    + " skip or repeat changes. Restart the pipeline so it resumes from the stored checkpoint.");
            default -> {
                return outcome;
            }
        }
    }

    private static String describe(Optional<Position> p) {
        return p.map(Position::toJson).orElse("(none: a fresh pipeline)");
    }
}
