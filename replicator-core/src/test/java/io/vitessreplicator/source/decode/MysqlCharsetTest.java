package io.vitessreplicator.source.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MysqlCharsetTest {
    @Test
    void collationIdsMapToCharacterSets() {
        assertThat(MysqlCharset.forCollation(255).orElseThrow().name()).isEqualTo("utf8mb4");
        assertThat(MysqlCharset.forCollation(46).orElseThrow().name()).isEqualTo("utf8mb4");
        assertThat(MysqlCharset.forCollation(33).orElseThrow().name()).isEqualTo("utf8mb3");
        assertThat(MysqlCharset.forCollation(8).orElseThrow().name()).isEqualTo("latin1");
        assertThat(MysqlCharset.forCollation(48).orElseThrow().name()).isEqualTo("latin1");
        assertThat(MysqlCharset.forCollation(5).orElseThrow().name()).isEqualTo("latin1");
        assertThat(MysqlCharset.forCollation(63).orElseThrow().isBinary()).isTrue();
        assertThat(MysqlCharset.nameOf(51)).contains("cp1251");
        assertThat(MysqlCharset.forCollation(51)).isEmpty();
        assertThat(MysqlCharset.forCollation(9999)).isEmpty();
        assertThat(MysqlCharset.forCollation(-1)).isEmpty();
    }

    @Test
    void latin1IsMysqlsCp1252WithC1ControlsInItsGaps() {
        MysqlCharset latin1 = MysqlCharset.forCollation(8).orElseThrow();
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String s = latin1.decode(all, 0, 256);
        assertThat(s).hasSize(256);
        assertThat(s.charAt(0x41)).isEqualTo('A');
        assertThat(s.charAt(0x80)).isEqualTo('€');
        assertThat(s.charAt(0x81)).isEqualTo('\u0081');
        assertThat(s.charAt(0x8d)).isEqualTo('\u008d');
        assertThat(s.charAt(0x9f)).isEqualTo('Ÿ');
        assertThat(s.charAt(0xe9)).isEqualTo('é');
        assertThat(s.charAt(0xff)).isEqualTo('ÿ');
        assertThat(latin1.decode(new byte[] {'c', 'a', 'f', (byte) 0xe9}, 0, 4)).isEqualTo("café");
    }
}
