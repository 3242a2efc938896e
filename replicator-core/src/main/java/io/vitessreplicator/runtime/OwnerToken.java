package io.vitessreplicator.runtime;

import java.net.InetAddress;
import java.util.UUID;

/** Identifies this process in the checkpoint: host, pid and a random part. */
final class OwnerToken {
    private OwnerToken() {}

    static String create() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + "/pid-" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
