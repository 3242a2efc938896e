package io.vitessreplicator.e2e;

import io.vitessreplicator.testkit.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The class-data-sharing archive (AppCDS) for the processes the tests start, made by the
 * product's own {@code bin/replicator cds-archive}: the end-to-end tests start the daemon a few
 * hundred times, and without an archive most of each short process's CPU goes to loading,
 * verifying and linking the same classes (a small backfill with the launcher's default JVM options:
 * 4.8 s of CPU without it, 2.5 s with it).
 *
 * <p>Made once per build of replicator-dist/target/replicator/lib into target/e2e-cds (the
 * archive's name is a hash of the jars' names, sizes and times, of the class list and of the JVM).
 * A JVM that cannot use it runs without it, and so do the tests when making it fails (printed) or
 * with {@code E2E_CDS=0}. {@link CdsArchiveIT} checks that the archive maps and covers a run.
 */
final class ClassDataSharing {
    private static String option;

    private ClassDataSharing() {}

    /** The JVM option that uses the archive, or "" without one. */
    static synchronized String jvmOption() {
        if (option == null) {
            option = "0".equals(System.getenv("E2E_CDS")) ? "" : archive();
        }
        return option;
    }

    private static String archive() {
        Path dist = TestEnv.repoDir().resolve("replicator-dist/target/replicator");
        Path dir = TestEnv.repoDir().resolve("replicator-dist/target/e2e-cds");
        long t0 = System.nanoTime();
        try {
            Path archive = dir.resolve(buildKey(dist) + ".jsa");
            if (Files.exists(archive)) {
                return "-XX:SharedArchiveFile=" + archive;
            }
            Files.createDirectories(dir);
            Path log = dir.resolve("cds-archive.log");
            int exit = make(archive, log);
            if (exit != 0 || !Files.exists(archive)) {
                System.out.println("ClassDataSharing: no archive (bin/replicator cds-archive exited with " + exit + ", see "
                        + log + "); the replicator's processes start without one");
                return "";
            }
            try (Stream<Path> old = Files.list(dir)) { // earlier builds' archives, 90 MB each
                for (Path p : old.filter(p -> p.toString().endsWith(".jsa") && !p.equals(archive)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            System.out.printf("ClassDataSharing: %s made (%d ms)%n", archive,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return "-XX:SharedArchiveFile=" + archive;
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.out.println("ClassDataSharing: no archive (" + e + "); the replicator's processes start without one");
            return "";
        }
    }

    /** Runs {@code bin/replicator cds-archive ARCHIVE}, as a user would; its exit code. */
    static int make(Path archive, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = ReplicatorProcess.command("", false, "cds-archive", archive.toString());
        pb.environment().remove("JAVA_OPTS"); // the launcher's default heap, as an installation has it
        return ReplicatorProcess.runToLog(pb, log, Duration.ofMinutes(3));
    }

    /** A hash of the jars (names, sizes, modification times), of the class list and of the JVM. */
    private static String buildKey(Path dist) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (Stream<Path> files = Stream.concat(Files.list(dist.resolve("lib")),
                    Stream.of(dist.resolve("cds/replicator.classlist")))) {
                for (Path f : files.sorted().toList()) {
                    md.update((f.getFileName() + " " + Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis()
                            + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            md.update((System.getProperty("java.home") + " " + System.getProperty("java.vm.version"))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
