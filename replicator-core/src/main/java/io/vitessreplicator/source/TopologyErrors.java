package io.vitessreplicator.source;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.VGtid;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vtgate's VStream errors that mean the keyspace's shard set changed in a way the stream cannot
 * follow, turned into stops that say what happened and what to do. Without this they read as
 * vtgate internals, and one of them (INTERNAL) looks transient and was retried for ever.
 *
 * <p>vtgate (v24) follows a reshard by itself: when every shard a reshard moves is in the stream,
 * it waits for each to reach the cut-over (the reshard's journal), then streams the new shards
 * from the journal's positions; no event reaches the client. Two cases it cannot follow:
 * <ul>
 *   <li>The stream holds only some of the shards the reshard moved (shards pinned with
 *       {@code source.shards}): INTERNAL "not all journaling participants are in the stream".
 *   <li>The stream starts from a position naming a shard that no longer exists (the reshard was
 *       completed and the old shards deleted while the replicator was stopped):
 *       FAILED_PRECONDITION "shard provided in VGTID, S, not found in the K keyspace".
 * </ul>
 */
final class TopologyErrors {
    private static final Pattern SHARD_NOT_FOUND =
            Pattern.compile("shard provided in VGTID, ([^,\\s]+), not found in the (\\S+) keyspace");
    static final String NOT_ALL_PARTICIPANTS = "not all journaling participants are in the stream";
    private static final Pattern PARTICIPANT = Pattern.compile("keyspace:\"([^\"]+)\"\\s+shard:\"([^\"]*)\"");

    private TopologyErrors() {}

    /**
     * The stop for {@code status}, or null when it is not one of these errors.
     *
     * @param e              the VStream call's failure
     * @param streamed       the VGTID the stream started from (the shards it streams)
     * @param servingShards  keyspace → its serving shards now, asked of vtgate (empty when unknown)
     */
    static SourceException describe(StatusRuntimeException e, VGtid streamed,
                                    Function<String, List<String>> servingShards) {
        Status status = e.getStatus();
        String description = String.valueOf(status.getDescription());
        Matcher gone = SHARD_NOT_FOUND.matcher(description);
        if (status.getCode() == Status.Code.FAILED_PRECONDITION && gone.find()) {
            return shardGone(gone.group(2), gone.group(1), streamed, servingShards, e);
        }
        if (description.contains(NOT_ALL_PARTICIPANTS)) {
            return partialReshard(description, streamed, servingShards, e);
        }
        return null;
    }

    private static SourceException shardGone(String keyspace, String shard, VGtid streamed,
                                             Function<String, List<String>> servingShards, Throwable cause) {
        List<String> named = shardsOf(streamed, keyspace);
        List<String> now = servingShards.apply(keyspace);
        List<PositionCheck.LostShard> lost = new ArrayList<>();
        for (String s : named) {
            if (now.isEmpty() ? s.equals(shard) : !now.contains(s)) {
                lost.add(new PositionCheck.LostShard(keyspace, s, "the shard no longer exists"));
            }
        }
        return new PositionLostException("Cannot resume: the checkpoint names shards " + named + " of keyspace "
                + keyspace + ", and shard " + shard + " no longer exists" + (now.isEmpty() ? "" : " (its serving shards"
                + " are now " + now + ")") + ". The keyspace was resharded while the replicator was stopped and the old"
                + " shards were deleted (the Reshard workflow's complete) before the replicator read them up to the"
                + " cut-over, so the changes between the checkpoint and the cut-over cannot be streamed and the target"
                + " would silently miss them. To recover, copy the tables again: give the pipeline a new sink schema"
                + " (or drop its target tables and checkpoint) and start it. While the old shards exist, the replicator"
                + " follows a reshard by itself, also after a stop: let it catch up before completing a reshard.", lost, cause);
    }

    private static SourceException partialReshard(String description, VGtid streamed,
                                                  Function<String, List<String>> servingShards, Throwable cause) {
        // "... journal: [keyspace:"ks" shard:"-80" keyspace:"ks" shard:"80-"], stream: [...]"
        int from = description.indexOf("journal: [");
        int to = from < 0 ? -1 : description.indexOf("], stream:", from);
        String journal = from < 0 || to < 0 ? "" : description.substring(from, to);
        Set<String> moved = new LinkedHashSet<>();
        String keyspace = null;
        Matcher m = PARTICIPANT.matcher(journal);
        while (m.find()) {
            keyspace = keyspace == null ? m.group(1) : keyspace;
            moved.add(m.group(2));
        }
        if (keyspace == null) {
            return new SourceException("Cannot follow a reshard: the stream holds only some of the shards the reshard"
                    + " moved (vtgate: " + description + "). Shards pinned with source.shards must"
                    + " name all the shards a reshard moves, or none. Copy the keyspace again with a new pipeline (a new"
                    + " sink schema) whose source.shards names the new shards, or no shards.", cause, false);
        }
        List<String> now = newShards(keyspace, moved, servingShards);
        return new SourceException("Cannot follow the reshard of keyspace " + keyspace + ": this pipeline streams only"
                + " shards " + shardsOf(streamed, keyspace) + " of it (source.shards." + keyspace
                + "), and the reshard moves shards " + moved + " together" + (now.isEmpty()
                        ? " (SHOW VITESS_SHARDS lists the new shards once the cut-over is done)" : " to " + now)
                + ". vtgate follows a reshard only when the stream holds every shard it moves. Nothing is lost: the"
                + " checkpoint stays before the cut-over. To go on, copy the keyspace again with a new pipeline (a new"
                + " sink schema) whose source.shards." + keyspace + " names the new shards that cover"
                + " the key range you want, or remove it to stream every shard.", cause, false);
    }

    /**
     * The keyspace's serving shards once they no longer include the moved ones: the error comes at
     * the cut-over, and vtgate's view of the serving shards follows a moment later. Empty when it
     * does not within {@link #SERVING_WAIT_MS}.
     */
    private static List<String> newShards(String keyspace, Set<String> moved,
                                          Function<String, List<String>> servingShards) {
        long deadline = System.nanoTime() + SERVING_WAIT_MS * 1_000_000L;
        while (true) {
            List<String> now = servingShards.apply(keyspace);
            if (!now.isEmpty() && now.stream().noneMatch(moved::contains)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                return List.of();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    private static final long SERVING_WAIT_MS = 10_000;

    private static List<String> shardsOf(VGtid vgtid, String keyspace) {
        List<String> out = new ArrayList<>();
        for (ShardGtid sg : vgtid.getShardGtidsList()) {
            if (sg.getKeyspace().equals(keyspace)) {
                out.add(sg.getShard());
            }
        }
        return out;
    }
}
