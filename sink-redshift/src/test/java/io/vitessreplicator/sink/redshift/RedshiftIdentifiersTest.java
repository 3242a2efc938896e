package io.vitessreplicator.sink.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.sink.redshift.RedshiftIdentifiers.CaseMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedshiftIdentifiersTest {
    private final RedshiftIdentifiers sensitive = new RedshiftIdentifiers(CaseMode.CASE_SENSITIVE);
    private final RedshiftIdentifiers lower = new RedshiftIdentifiers(CaseMode.LOWER_CASE_ONLY);

    @Test
    void namesAreAlwaysQuotedWithQuotesDoubled() {
        assertThat(RedshiftIdentifiers.quote("order")).isEqualTo("\"order\"");
        assertThat(RedshiftIdentifiers.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(RedshiftIdentifiers.qualified("Ware house", "OrderLines")).isEqualTo("\"Ware house\".\"OrderLines\"");
    }

    @Test
    void qualifiedNamesSplitBackIntoTheirParts() {
        assertThat(RedshiftIdentifiers.unquoteParts("\"s\".\"a\"\"b.c\"")).isEqualTo(List.of("s", "a\"b.c"));
        assertThat(RedshiftIdentifiers.unqualifiedName(RedshiftIdentifiers.qualified("x", "Y"))).isEqualTo("Y");
        assertThatThrownBy(() -> RedshiftIdentifiers.unquoteParts("s.t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedshiftIdentifiers.unquoteParts("\"t\"")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the127ByteLimitCountsUtf8Bytes() {
        assertThat(sensitive.problem("a".repeat(127))).isEmpty();
        assertThat(sensitive.problem("a".repeat(128))).get().asString().contains("128 bytes").contains("127");
        assertThat(sensitive.problem("é".repeat(64))).get().asString().contains("128 bytes");
        assertThat(sensitive.problem("é".repeat(63))).isEmpty();
    }

    @Test
    void emptyNamesControlCharactersAndLoneSurrogatesAreRefused() {
        assertThat(sensitive.problem("")).isPresent();
        assertThat(sensitive.problem("a\nb")).get().asString().contains("U+000A");
        assertThat(sensitive.problem("a\0b")).get().asString().contains("U+0000");
        assertThat(sensitive.problem("a\uD800b")).get().asString().contains("surrogate");
        assertThat(sensitive.problem("emoji😀")).isEmpty();
    }

    @Test
    void upperCaseIsKeptInCaseSensitiveModeAndRefusedOtherwise() {
        assertThat(sensitive.problem("OrderId")).isEmpty();
        assertThat(lower.problem("orderid")).isEmpty();
        assertThat(lower.problem("OrderId")).get().asString().contains("'OrderId'").contains("enable_case_sensitive_identifier");
        assertThat(RedshiftIdentifiers.SESSION_SETUP).contains("SET enable_case_sensitive_identifier TO true");
    }
}
