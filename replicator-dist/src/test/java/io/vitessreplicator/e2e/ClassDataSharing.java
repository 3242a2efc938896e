package io.vitessreplicator.e2e;

import io.vitessreplicator.testkit.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive (AppCDS) of the replicator's classes, for the processes the tests
 * start: the end-to-end tests start the daemon a few hundred times, and most of each short
 * process's CPU went to loading, verifying and linking the same classes. Measured on the 2-core
 * machine with a 20k-row copy (bench/run, client compiler only): 4.2 s of CPU per process without
 * the archive, 2.7 s with it.
 *
 * <p>Made once per build of replicator-dist/target/replicator/lib (the archive's name is a hash of
 * the jars' names, sizes and times, and of the JVM): {@code bin/replicator validate} against each
 * sink writes the classes it loads ({@code -XX:DumpLoadedClassList}), and {@code bin/replicator}
 * with {@code -Xshare:dump} turns their union into a static archive, under the same class path as
 * every later start. A JVM that cannot use the archive runs without it ({@code -Xshare:auto}, the
 * default), and so do the tests when making it fails (printed) or with {@code E2E_CDS=0}.
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
        Path lib = TestEnv.repoDir().resolve("replicator-dist/target/replicator/lib");
        Path dir = TestEnv.repoDir().resolve("replicator-dist/target/e2e-cds");
        long t0 = System.nanoTime();
        try {
            Path archive = dir.resolve(buildKey(lib) + ".jsa");
            if (Files.exists(archive)) {
                return "-XX:SharedArchiveFile=" + archive;
            }
            Files.createDirectories(dir);
            Set<String> classes = new LinkedHashSet<>();
            List<TargetProbe> sinks = List.of(TargetProbe.postgres("e2e_cds"), TargetProbe.parquet("e2e-cds"),
                    TargetProbe.redshift("e2e_cds_redshift"));
            List<Process> validates = new java.util.ArrayList<>(); // at the same time: each mostly waits
            List<Path> lists = new java.util.ArrayList<>();
            for (TargetProbe sink : sinks) {
                E2eConfig config = new E2eConfig("e2e-cds", sink, "customer\\.customer");
                Path yaml = config.write(Files.createDirectories(dir.resolve(sink.name())));
                Path list = dir.resolve(sink.name() + ".classlist");
                lists.add(list);
                validates.add(start(dir.resolve(sink.name() + ".log"), "-XX:DumpLoadedClassList=" + list,
                        "validate", "--config", yaml.toString()));
            }
            for (Process p : validates) {
                await(p);
            }
            for (Path list : lists) {
                if (Files.exists(list)) {
                    classes.addAll(Files.readAllLines(list));
                }
            }
            Path merged = dir.resolve("all.classlist");
            Files.write(merged, classes);
            Path partial = dir.resolve(archive.getFileName() + ".part");
            Files.deleteIfExists(partial);
            int exit = await(start(dir.resolve("dump.log"), "-Xshare:dump -XX:SharedClassListFile=" + merged
                    + " -XX:SharedArchiveFile=" + partial));
            if (exit != 0 || !Files.exists(partial)) {
                System.out.println("ClassDataSharing: no archive (-Xshare:dump exited with " + exit + ", see "
                        + dir.resolve("dump.log") + "); the replicator's processes start without one");
                return "";
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            try (Stream<Path> old = Files.list(dir)) { // earlier builds' archives, 60 MB each
                for (Path p : old.filter(p -> p.toString().endsWith(".jsa") && !p.equals(archive)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            System.out.printf("ClassDataSharing: %d classes archived in %s (%d ms)%n", classes.size(), archive,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return "-XX:SharedArchiveFile=" + archive;
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.out.println("ClassDataSharing: no archive (" + e + "); the replicator's processes start without one");
            return "";
        }
    }

    /** Starts bin/replicator with these JVM options and arguments, as the tests do, without the archive. */
    private static Process start(Path log, String javaOpts, String... args) throws IOException {
        return ReplicatorProcess.command(javaOpts, false, args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    }

    /** Its exit code, once it ended (killed after 2 minutes). */
    private static int await(Process p) throws IOException, InterruptedException {
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("bin/replicator " + p.info().commandLine().orElse("") + " did not finish in 2 minutes");
        }
        return p.exitValue();
    }

    /** A hash of the jars (names, sizes, modification times) and of the JVM that runs them. */
    private static String buildKey(Path lib) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.sorted().toList()) {
                    md.update((jar.getFileName() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis()
                            + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            Path emulator = Path.of(ReplicatorProcess.redshiftEmulatorJar());
            md.update((emulator + " " + Files.getLastModifiedTime(emulator).toMillis() + " "
                    + System.getProperty("java.home") + " " + System.getProperty("java.vm.version"))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
