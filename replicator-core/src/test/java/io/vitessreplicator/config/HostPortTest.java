package io.vitessreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesNamesAndBracketedIpv6() {
        assertThat(HostPort.parse(" vtgate:15991 ")).isEqualTo(new HostPort("vtgate", 15991));
        assertThat(HostPort.parse("[::1]:9464")).isEqualTo(new HostPort("::1", 9464));
        assertThat(new HostPort("::1", 9464)).hasToString("[::1]:9464");
        assertThat(new HostPort("127.0.0.1", 15991)).hasToString("127.0.0.1:15991");
        assertThatThrownBy(() -> HostPort.parse("[::1]9464")).hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> HostPort.parse("host:99999")).hasMessageContaining("port must be a number from 1 to 65535");
        assertThatThrownBy(() -> HostPort.parse("http://host:1")).hasMessageContaining("expected host:port");
    }
}
