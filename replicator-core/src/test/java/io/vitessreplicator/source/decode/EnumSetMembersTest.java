package io.vitessreplicator.source.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnumSetMembersTest {
    @Test
    void doubledQuotesCommasParenthesesAndUnicodeStayInsideMembers() {
        assertThat(EnumSetMembers.parse("enum('a','b''c','x,y','(p)','ü€','','')"))
                .containsExactly("a", "b'c", "x,y", "(p)", "ü€", "", "");
    }

    @Test
    void backslashEscapesAsMysqlPrintsThem() {
        // COLUMN_TYPE of enum('n\nl','t\tb','q''q','u\\x') as MySQL 9.7 prints it: newline escaped, tab raw.
        assertThat(EnumSetMembers.parse("enum('n\\nl','t\tb','q''q','u\\\\x','z\\0z','r\\rr','s\\Zs')"))
                .containsExactly("n\nl", "t\tb", "q'q", "u\\x", "z\0z", "r\rr", "s\u001As");
    }

    @Test
    void setMembersAndAnEmptyList() {
        assertThat(EnumSetMembers.parse("set('a','b''c','ü?','d')")).containsExactly("a", "b'c", "ü?", "d");
        assertThat(EnumSetMembers.parse("enum()")).isEmpty();
    }

    @Test
    void malformedListsAreRejected() {
        assertThatThrownBy(() -> EnumSetMembers.parse("enum('a','b)")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> EnumSetMembers.parse("enum(a)")).hasMessageContaining("expected a quoted member");
        assertThatThrownBy(() -> EnumSetMembers.parse("enum('a' 'b')")).hasMessageContaining("expected ',' or ')'");
    }
}
