package io.vitessreplicator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CdsArchiveTest {
    @Test
    void noArchiveNamedSaysNothing() {
        assertEquals(Optional.empty(), CdsArchive.message("", false));
        assertEquals(Optional.empty(), CdsArchive.message(null, true));
    }

    @Test
    void aMappedArchiveIsNamed() {
        assertEquals(Optional.of("class-data sharing: using /opt/r/cds/replicator.jsa"),
                CdsArchive.message("/opt/r/cds/replicator.jsa", true));
    }

    @Test
    void anIgnoredArchiveIsNamedWithTheCommandThatRemakesIt() {
        String m = CdsArchive.message("/opt/r/cds/replicator.jsa", false).orElseThrow();
        assertTrue(m.contains("did not use the archive /opt/r/cds/replicator.jsa"), m);
        assertTrue(m.contains("bin/replicator cds-archive"), m);
    }
}
