package io.vitessreplicator.e2e;

import io.vitessreplicator.testkit.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Runs a command of the test stack (a testenv script, vtctldclient) and fails with its output. */
final class StackCommands {
    private StackCommands() {}

    /** Runs {@code testenv/lib/NAME} with extra environment. */
    static void script(Map<String, String> env, String name) {
        run(env, TestEnv.repoDir().resolve("testenv/lib/" + name).toString());
    }

    /** Runs vtctldclient against the vtctld at {@code server}. */
    static void vtctld(String server, String... args) {
        vtctldOutput(server, args);
    }

    /** Runs vtctldclient against the vtctld at {@code server} and returns what it printed. */
    static String vtctldOutput(String server, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = TestEnv.get("VTCTLDCLIENT");
        command[1] = "--server";
        command[2] = server;
        System.arraycopy(args, 0, command, 3, args.length);
        return run(Map.of(), command);
    }

    /** Runs {@code testenv/lib/NAME ARGS...}. */
    static void script(String name, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = TestEnv.repoDir().resolve("testenv/lib/" + name).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        run(Map.of(), command);
    }

    static String run(Map<String, String> env, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new AssertionError(String.join(" ", List.of(command)) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
