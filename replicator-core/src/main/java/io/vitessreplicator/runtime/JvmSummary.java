package io.vitessreplicator.runtime;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * One start-up log line about the JVM that runs the pipeline: Java's version, the heap limit and
 * the garbage collector. {@code bin/replicator} picks the parallel collector unless JAVA_OPTS
 * names another, so an operator reading a log should not have to guess which one ran.
 */
final class JvmSummary {
    private JvmSummary() {}

    /** The line for this JVM. */
    static String current() {
        List<String> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList();
        return describe(System.getProperty("java.vm.vendor", "?"), Runtime.version().toString(),
                Runtime.getRuntime().maxMemory(), collectors);
    }

    /**
     * @param collectors the names of the JVM's collector beans, e.g. "PS Scavenge" and "PS MarkSweep"
     */
    static String describe(String vendor, String version, long maxHeapBytes, List<String> collectors) {
        return "Java " + version + " (" + vendor + "), heap up to " + maxHeapBytes / (1024 * 1024)
                + " MiB, garbage collector: " + collector(collectors) + " (JAVA_OPTS sets both)";
    }

    /** The collector's usual name, from its beans' names. */
    static String collector(List<String> beans) {
        if (beans.isEmpty()) {
            return "none reported";
        }
        String all = String.join(", ", beans);
        String lower = all.toLowerCase(Locale.ROOT);
        String name;
        if (lower.startsWith("ps ")) {
            name = "parallel";
        } else if (lower.startsWith("g1 ")) {
            name = "G1";
        } else if (lower.startsWith("zgc")) {
            name = "ZGC";
        } else if (lower.startsWith("shenandoah")) {
            name = "Shenandoah";
        } else if (lower.equals("copy, marksweepcompact")) {
            name = "serial";
        } else {
            return all;
        }
        return name + " [" + all + "]";
    }
}
