package io.vitessreplicator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.ColumnType.Kind;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeWideningTest {
    private static ColumnType t(Kind k, boolean unsigned, int length, int precision, int scale) {
        return new ColumnType(k, unsigned, length, precision, scale, List.of(), k.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void widerIntegersDecimalsAndStringsAreLossless() {
        assertThat(TypeWidening.isLossless(t(Kind.INT, false, 0, 0, 0), t(Kind.BIGINT, false, 0, 0, 0))).isTrue();
        assertThat(TypeWidening.isLossless(t(Kind.INT, true, 0, 0, 0), t(Kind.BIGINT, false, 0, 0, 0))).isTrue();
        assertThat(TypeWidening.isLossless(t(Kind.VARCHAR, false, 10, 0, 0), t(Kind.VARCHAR, false, 50, 0, 0))).isTrue();
        assertThat(TypeWidening.isLossless(t(Kind.DECIMAL, false, 0, 10, 2), t(Kind.DECIMAL, false, 0, 14, 3))).isTrue();
        assertThat(TypeWidening.isLossless(t(Kind.FLOAT, false, 0, 0, 0), t(Kind.DOUBLE, false, 0, 0, 0))).isTrue();
    }

    @Test
    void narrowingSignChangesAndOtherFamiliesAreNot() {
        assertThat(TypeWidening.isLossless(t(Kind.BIGINT, false, 0, 0, 0), t(Kind.INT, false, 0, 0, 0))).isFalse();
        assertThat(TypeWidening.isLossless(t(Kind.INT, false, 0, 0, 0), t(Kind.INT, true, 0, 0, 0))).isFalse();
        assertThat(TypeWidening.isLossless(t(Kind.BIGINT, false, 0, 0, 0), t(Kind.BIGINT, true, 0, 0, 0))).isFalse();
        assertThat(TypeWidening.isLossless(t(Kind.DECIMAL, false, 0, 10, 2), t(Kind.DECIMAL, false, 0, 10, 3))).isFalse();
        assertThat(TypeWidening.isLossless(t(Kind.VARCHAR, false, 10, 0, 0), t(Kind.INT, false, 0, 0, 0))).isFalse();
        assertThat(TypeWidening.isLossless(t(Kind.BINARY, false, 4, 0, 0), t(Kind.VARBINARY, false, 8, 0, 0))).isFalse();
    }

    @Test
    void valuesOfALaggingShardAreConvertedToTheWiderType() {
        assertThat(TypeWidening.convert(5L, t(Kind.INT, true, 0, 0, 0), t(Kind.BIGINT, true, 0, 0, 0)))
                .isEqualTo(BigInteger.valueOf(5));
        assertThat(TypeWidening.convert(1.5f, t(Kind.FLOAT, false, 0, 0, 0), t(Kind.DOUBLE, false, 0, 0, 0))).isEqualTo(1.5d);
    }
}
