package io.vitessreplicator.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Whether the JVM uses the class-data-sharing archive that {@code bin/replicator} named
 * ({@code -XX:SharedArchiveFile}, made by {@code bin/replicator cds-archive}). Java ignores an
 * archive made for other jars or another Java without a word, and the process then starts about
 * 3 CPU-seconds slower; this says so at start, with what to do.
 */
final class CdsArchive {
    private CdsArchive() {}

    /** Logs the archive's use: INFO when mapped, WARN when named but not used; nothing without one. */
    static void report(Logger log) {
        vmOptions().flatMap(o -> message(o[0], Boolean.parseBoolean(o[1]))).ifPresent(m -> {
            if (m.startsWith("class-data sharing: using")) {
                log.info(m);
            } else {
                log.warn(m);
            }
        });
    }

    /** What to log for an archive option and whether Java mapped it; empty when none was named. */
    static Optional<String> message(String archive, boolean used) {
        if (archive == null || archive.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(used ? "class-data sharing: using " + archive
                : "class-data sharing: Java did not use the archive " + archive + " (made for other jars or another"
                        + " Java, or damaged); this process starts without it. Make it again with: bin/replicator"
                        + " cds-archive (or set REPLICATOR_CDS=off to stop using one)");
    }

    /** {SharedArchiveFile, UseSharedSpaces}, or empty on a JVM without HotSpot's diagnostic bean. */
    private static Optional<String[]> vmOptions() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                return Optional.empty();
            }
            return Optional.of(new String[] {bean.getVMOption("SharedArchiveFile").getValue(),
                    bean.getVMOption("UseSharedSpaces").getValue()});
        } catch (RuntimeException | LinkageError e) { // not HotSpot, or the options are gone
            return Optional.empty();
        }
    }
}
