package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GtidSetTest {
    private static final String A = "dcd0b67b-ee9c-11f1-b044-02fc00000001";
    private static final String B = "e250c0aa-ee9c-11f1-b044-02fc00000002";

    @Test
    void purgedBeyondTheCheckpointLeavesTheTransactionsItDidNotSee() {
        GtidSet purged = GtidSet.parse(A + ":1-57");
        GtidSet checkpoint = GtidSet.parse("MySQL56/" + A + ":1-37");
        assertThat(purged.minus(checkpoint)).hasToString(A + ":38-57");
    }

    @Test
    void purgedWithinTheCheckpointLeavesNothing() {
        assertThat(GtidSet.parse(A + ":1-30").minus(GtidSet.parse("MySQL56/" + A + ":1-37")).isEmpty()).isTrue();
        assertThat(GtidSet.parse("").minus(GtidSet.parse("MySQL56/" + A + ":1-37")).isEmpty()).isTrue();
    }

    @Test
    void severalServersAndGapsAsMysqlPrintsThem() {
        // gtid_purged after a failover: two server uuids, one with a gap, printed on two lines
        GtidSet purged = GtidSet.parse(A + ":1-10:12-20,\n" + B.toUpperCase() + ":1-5");
        GtidSet checkpoint = GtidSet.parse("MySQL56/" + A + ":1-15," + B + ":1-2:4");
        assertThat(purged.minus(checkpoint)).hasToString(A + ":16-20," + B + ":3:5");
    }

    @Test
    void adjacentAndOverlappingIntervalsAreMerged() {
        assertThat(GtidSet.parse(A + ":1-3:4-6:5-9:11")).hasToString(A + ":1-9:11");
    }

    @Test
    void aCheckpointHoleInsideThePurgedRangeIsMissing() {
        assertThat(GtidSet.parse(A + ":1-20").minus(GtidSet.parse(A + ":1-5:8-20"))).hasToString(A + ":6-7");
    }

    @Test
    void otherFlavorsAndMalformedSetsAreRefused() {
        assertThatThrownBy(() -> GtidSet.parse("MariaDB/0-1-100")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GtidSet.parse(A + ":5-3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GtidSet.parse(A)).isInstanceOf(IllegalArgumentException.class);
    }
}
