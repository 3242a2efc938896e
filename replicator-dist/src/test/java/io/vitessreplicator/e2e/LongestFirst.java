package io.vitessreplicator.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The order in which the end-to-end classes are handed to JUnit's parallel executor (set in this
 * module's {@code pom.xml}), so that the long ones start first and the run does not end with one
 * long class alone on a machine that has room for two.
 *
 * <p>JUnit's fork-join executor forks every class onto one worker's deque: that worker takes
 * classes from the end of the list, the other workers take them from the front. This orderer
 * deals the classes out longest first to whichever end has less work so far (the
 * longest-processing-time rule), and leaves the short classes in the middle, where the two ends
 * meet. The classes on the multi-process cluster ({@link SharedServers#CLUSTER}) run one after
 * another whatever the order, so they count as one unit and stay together: 7 classes and about 400
 * s, the longest unit of all. Before this order, that lane happened to start late and its last
 * class ran alone for a minute at the end.
 *
 * <p>The weights are the seconds each class took in a CI run (2026-12-03, {@code it.parallelism}
 * 2); a class not listed counts as {@link #SHORT}. They only steer the order: a stale weight costs
 * time, never correctness.
 */
public final class LongestFirst implements ClassOrderer {
    static final int SHORT = 15;
    private static final Map<String, Integer> SECONDS = Map.ofEntries(
            Map.entry("CrashSafetyIT", 368),
            Map.entry("CopyResumeIT", 269),
            Map.entry("VerifyIT", 183),
            Map.entry("MoveTablesIT", 106),
            Map.entry("SchemaChangesIT", 103),
            Map.entry("SchemaChangesWithoutSchemaHistoryIT", 103),
            Map.entry("OnlineDdlShardedIT", 97),
            Map.entry("OnlineDdlIT", 95),
            Map.entry("CopyAndStreamIT", 79),
            Map.entry("ReshardIT", 76),
            Map.entry("FailoverIT", 65),
            Map.entry("SourceRestartsIT", 62),
            Map.entry("CompactCommandIT", 51),
            Map.entry("CopyProgressAndLagIT", 43),
            Map.entry("ResyncIT", 37),
            Map.entry("CopyStartRetryIT", 30),
            Map.entry("BadInputIT", 29));

    @Override
    public void orderClasses(ClassOrdererContext context) {
        List<? extends ClassDescriptor> classes = context.getClassDescriptors();
        Map<String, List<ClassDescriptor>> units = new LinkedHashMap<>();
        for (ClassDescriptor c : classes) {
            String unit = onCluster(c) ? SharedServers.CLUSTER : c.getTestClass().getName();
            units.computeIfAbsent(unit, k -> new ArrayList<>()).add(c);
        }
        List<List<ClassDescriptor>> byWeight = new ArrayList<>(units.values());
        for (List<ClassDescriptor> unit : byWeight) {
            unit.sort(Comparator.comparingInt(LongestFirst::classSeconds).reversed());
        }
        byWeight.sort(Comparator.comparingInt(LongestFirst::unitSeconds).reversed()
                .thenComparing(u -> u.get(0).getTestClass().getName()));
        List<ClassDescriptor> front = new ArrayList<>();
        List<ClassDescriptor> back = new ArrayList<>();
        long frontSeconds = 0;
        long backSeconds = 0;
        for (List<ClassDescriptor> unit : byWeight) {
            if (frontSeconds <= backSeconds) {
                front.addAll(unit);
                frontSeconds += unitSeconds(unit);
            } else {
                back.addAll(unit);
                backSeconds += unitSeconds(unit);
            }
        }
        Collections.reverse(back);
        List<ClassDescriptor> order = new ArrayList<>(front);
        order.addAll(back);
        // The context's list is ordered in place, by position in the computed order.
        Map<ClassDescriptor, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        classes.sort(Comparator.comparingInt(position::get));
    }

    private static boolean onCluster(ClassDescriptor c) {
        return c.findRepeatableAnnotations(ResourceLock.class).stream()
                .anyMatch(l -> SharedServers.CLUSTER.equals(l.value()));
    }

    private static int classSeconds(ClassDescriptor c) {
        return SECONDS.getOrDefault(c.getTestClass().getSimpleName(), SHORT);
    }

    private static int unitSeconds(List<ClassDescriptor> unit) {
        return unit.stream().mapToInt(LongestFirst::classSeconds).sum();
    }
}
