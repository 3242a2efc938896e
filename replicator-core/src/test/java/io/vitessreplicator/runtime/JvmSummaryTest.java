package io.vitessreplicator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmSummaryTest {
    @Test
    void namesTheCollectorFromItsBeans() {
        assertEquals("parallel [PS Scavenge, PS MarkSweep]", JvmSummary.collector(List.of("PS Scavenge", "PS MarkSweep")));
        assertEquals("G1 [G1 Young Generation, G1 Old Generation]",
                JvmSummary.collector(List.of("G1 Young Generation", "G1 Old Generation")));
        assertEquals("serial [Copy, MarkSweepCompact]", JvmSummary.collector(List.of("Copy", "MarkSweepCompact")));
        assertEquals("ZGC [ZGC Cycles, ZGC Pauses]", JvmSummary.collector(List.of("ZGC Cycles", "ZGC Pauses")));
        assertEquals("Some Future GC", JvmSummary.collector(List.of("Some Future GC")));
        assertEquals("none reported", JvmSummary.collector(List.of()));
    }

    @Test
    void theLineHasVersionHeapAndCollector() {
        String line = JvmSummary.describe("Eclipse Adoptium", "17.0.15+6", 1024L * 1024 * 1024,
                List.of("PS Scavenge", "PS MarkSweep"));
        assertEquals("Java 17.0.15+6 (Eclipse Adoptium), heap up to 1024 MiB, garbage collector: parallel"
                + " [PS Scavenge, PS MarkSweep] (JAVA_OPTS sets both)", line);
    }

    @Test
    void thisJvmIsDescribed() {
        String line = JvmSummary.current();
        assertTrue(line.startsWith("Java " + Runtime.version()), line);
        assertTrue(line.contains("garbage collector: "), line);
    }
}
