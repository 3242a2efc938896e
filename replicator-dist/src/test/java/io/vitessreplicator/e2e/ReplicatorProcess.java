package io.vitessreplicator.e2e;

import io.vitessreplicator.testkit.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/replicator} as a real, separate OS process: what an operator runs, and what
 * {@code kill -9} can hit at any instant.
 */
final class ReplicatorProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ReplicatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code bin/replicator ARGS...}; stdout and stderr go to {@code log}. */
    static ReplicatorProcess start(Path log, String... args) {
        return start("", log, args);
    }

    /** {@link #start(Path, String...)} with JVM options (e.g. a test's system properties) added to JAVA_OPTS. */
    static ReplicatorProcess start(String javaOpts, Path log, String... args) {
        ProcessBuilder pb = command(javaOpts, true, args).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return new ReplicatorProcess(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #start(String, Path, String...)} with stdout and stderr on a pseudo-terminal, as when an
     * operator runs it in a shell: util-linux {@code script} allocates the terminal and copies what
     * the process writes to it into {@code log} (with the terminal's CR LF line ends). {@link #pid()}
     * is then {@code script}'s.
     */
    static ReplicatorProcess startOnTerminal(String javaOpts, Path log, String... args) {
        StringBuilder command = new StringBuilder(shellQuote(TestEnv.repoDir().resolve("bin/replicator").toString()));
        for (String arg : args) {
            command.append(' ').append(shellQuote(arg));
        }
        ProcessBuilder pb = new ProcessBuilder("script", "--quiet", "--flush", "--return", "--command",
                command.toString(), "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        environment(pb, javaOpts);
        try {
            return new ReplicatorProcess(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * JVM options of every process the tests start, before the test's own and E2E_JAVA_OPTS (a
     * later option wins, so {@code E2E_JAVA_OPTS=-XX:TieredStopAtLevel=4} brings C2 back). A 512 MiB
     * heap, and the client compiler only: a test's process lives for seconds and handles thousands
     * of rows, and C2 spent more CPU compiling than its code saved (a 20k-row copy: 7.0 s of CPU
     * with C2, 4.2 s without, on the 2-core machine the servers under test share). Then the
     * {@link ClassDataSharing} archive. bench/run measures with the default JIT.
     */
    static final String JAVA_OPTS = "-Xmx512m -XX:TieredStopAtLevel=1";

    /**
     * Secrets from the test environment, and {@link #JAVA_OPTS}. E2E_JAVA_OPTS and E2E_LOG_LEVEL (e.g.
     * {@code trace}, which logs every row change) pass through, for debugging a failing test.
     */
    private static void environment(ProcessBuilder pb, String javaOpts) {
        environment(pb, javaOpts, true);
    }

    /**
     * {@code bin/replicator ARGS...} in the tests' environment ({@link #environment}).
     *
     * @param cds whether to use the tests' {@link ClassDataSharing} archive (false while making it)
     */
    static ProcessBuilder command(String javaOpts, boolean cds, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(TestEnv.repoDir().resolve("bin/replicator").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        environment(pb, javaOpts, cds);
        return pb;
    }

    private static void environment(ProcessBuilder pb, String javaOpts, boolean cds) {
        pb.environment().put("PGPASSWORD", TestEnv.get("PGPASSWORD"));
        pb.environment().put("S3_SECRET_KEY", TestEnv.get("S3_SECRET_KEY"));
        pb.environment().put("REPLICATOR_EXTRA_CLASSPATH", redshiftEmulatorJar());
        String cdsOption = cds ? ClassDataSharing.jvmOption() : "";
        if (cdsOption.isEmpty()) { // nor an archive that bin/replicator cds-archive made in this checkout
            pb.environment().put("REPLICATOR_CDS", "off");
        }
        pb.environment().put("JAVA_OPTS", (JAVA_OPTS + " " + cdsOption + " " + javaOpts + " " + System.getenv().getOrDefault("E2E_JAVA_OPTS", "")).strip());
        if (System.getenv("E2E_LOG_LEVEL") != null) {
            pb.environment().put("LOG_LEVEL", System.getenv("E2E_LOG_LEVEL"));
        }
    }

    /**
     * sink-redshift's test-jar, which holds the test-only Redshift emulator driver
     * (jdbc:redshift-emulator:), as this test JVM's class path has it.
     */
    static String redshiftEmulatorJar() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("sink-redshift") && (entry.endsWith("-tests.jar") || entry.endsWith("test-classes"))) {
                return entry;
            }
        }
        throw new IllegalStateException("sink-redshift's test-jar is not on the test class path; replicator-dist's"
                + " pom must depend on it (type test-jar)");
    }

    /**
     * Runs a process {@link #command} built to completion, stdout and stderr into {@code log}; its
     * exit code. One that is still running after {@code timeout} is killed and fails with its log.
     */
    static int runToLog(ProcessBuilder pb, Path log, Duration timeout) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", pb.command()) + " did not finish within " + timeout + "; its output:\n"
                    + Files.readString(log));
        }
        return p.exitValue();
    }

    /** Runs {@code bin/replicator ARGS...} to completion. */
    static Result exec(Duration timeout, String... args) throws InterruptedException {
        try {
            Path out = Files.createTempFile("replicator-out", ".txt");
            Path err = Files.createTempFile("replicator-err", ".txt");
            Process p = command("", true, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/replicator " + String.join(" ", args) + " did not finish within " + timeout
                        + "; stderr:\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        /** The lines of stderr that report an error ("replicator: ..."). */
        List<String> errorLines() {
            return stderr.lines().filter(l -> l.startsWith("replicator: ")).toList();
        }
    }

    /**
     * Waits until {@code condition} holds while this process runs; if it exits first or time runs
     * out, fails with the process's log, which says why.
     */
    void await(String what, Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        // The pause between checks is at least twice the last check's time: a check that reads a
        // whole table (a snapshot of 100k rows, DuckDB over a lake's files) otherwise keeps a core
        // of the 2-core machine busy and slows the very process it waits for.
        // Awaitility's poll thread writes it, its interval function reads it.
        java.util.concurrent.atomic.AtomicLong lastCheckNanos = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.Callable<Boolean> timed = () -> {
            long t0 = System.nanoTime();
            try {
                return condition.call();
            } finally {
                lastCheckNanos.set(System.nanoTime() - t0);
            }
        };
        try {
            org.awaitility.Awaitility.await(what).atMost(atMost)
                    .pollInterval((count, previous) -> Duration.ofNanos(Math.min(5_000_000_000L,
                            Math.max(100_000_000L, 2 * lastCheckNanos.get()))))
                    .failFast("replicator exited", () -> !process.isAlive()).until(timed);
        } catch (org.awaitility.core.ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            throw new AssertionError(what + ": " + e.getMessage() + "; replicator log:\n" + log(), e);
        }
    }

    /**
     * Like {@link #await}, for a moment a test wants to catch (a kill in a window): true when
     * {@code condition} held while the process ran, false when the process finished its work first
     * (exit code 0) and the moment was missed. Fails on a timeout or any other exit.
     */
    boolean awaitUnlessDone(String what, Duration atMost, java.util.concurrent.Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return true;
            }
            if (!process.isAlive()) {
                if (process.exitValue() == 0 && !condition.call()) {
                    return false;
                }
                throw new AssertionError(what + ": replicator exited with " + process.exitValue() + "; log:\n" + log());
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + ": not within " + atMost + "; replicator log:\n" + log());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then waits for the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("replicator did not exit within " + timeout + " after SIGTERM; log:\n" + log());
        }
        return process.exitValue();
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("replicator did not exit within " + timeout + "; log:\n" + log());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /**
     * Stops the process if it still runs. With E2E_KEEP_LOGS=DIR, its log is kept there (tests'
     * logs otherwise go with their temporary folders), for reading a run that passed.
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
        String keep = System.getenv("E2E_KEEP_LOGS");
        if (keep != null && Files.exists(log)) {
            try {
                Path dir = Files.createDirectories(Path.of(keep));
                Files.copy(log, dir.resolve(System.currentTimeMillis() + "-" + log.getFileName()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
