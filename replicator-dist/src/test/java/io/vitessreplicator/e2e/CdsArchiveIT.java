package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/replicator cds-archive} makes a class-data-sharing archive that a real backfill maps
 * and that holds nearly every class the backfill loads; an archive made for other jars is named in
 * a warning at start, and the process runs without it.
 */
class CdsArchiveIT {
    private static final String SCHEMA = "e2e_cds_archive";
    private static final String TABLE = "e2e_cds_archive";
    /** The share of the classes a backfill loads that must come from the archive. */
    private static final double MIN_COVERAGE = 0.95;

    @TempDir
    static Path dir;
    static Path archive;

    @BeforeAll
    static void makeArchive() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        SourceTables.create("customer", TABLE, "id BIGINT NOT NULL PRIMARY KEY, amount DECIMAL(12,2), at DATETIME(6),"
                + " doc JSON", "id");
        SourceTables.insertRange("customer", TABLE, "id, amount, at, doc", 1, 500, 250,
                id -> id + ", " + id + ".25, '2026-12-04 01:02:03.000004', '{\"k\": " + id + "}'");
        archive = dir.resolve("replicator.jsa");
        Path log = dir.resolve("cds-archive.log");
        assertThat(ClassDataSharing.make(archive, log)).as("exit code; %s", Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("class-data archive " + archive);
    }

    @AfterAll
    static void dropSchema() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void aBackfillMapsTheArchiveAndLoadsNearlyEveryClassFromIt() throws Exception {
        Path classLog = dir.resolve("class-load.log");
        Path log = dir.resolve("backfill.log");
        // -Xshare:on: the JVM refuses to start unless it maps the archive; no test archive either.
        ProcessBuilder pb = ReplicatorProcess.command("-Xshare:on -Xlog:class+load=info:file=" + classLog, false,
                "backfill", "--config", new E2eConfig("e2e-cds-archive", SCHEMA, "customer\\." + TABLE).write(dir).toString());
        pb.environment().put("REPLICATOR_CDS", "on");
        pb.environment().put("REPLICATOR_CDS_ARCHIVE", archive.toString());
        assertThat(run(pb, log)).as("exit code; %s", Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("class-data sharing: using " + archive)
                // bin/replicator's collector when JAVA_OPTS names none (the tests' options name none)
                .contains("garbage collector: parallel");
        assertThat(Snapshot.targetCount(SCHEMA, TABLE)).isEqualTo(500);

        List<String> loaded = Files.readAllLines(classLog);
        long shared = loaded.stream().filter(l -> l.contains("source: shared objects file")).count();
        // Classes read from a jar or the JDK's modules; hidden and generated classes are not archived.
        List<String> fromFiles = loaded.stream().filter(l -> l.contains("source: file:") || l.contains("source: jrt:")
                || l.contains("source: jar:")).toList();
        double coverage = (double) shared / (shared + fromFiles.size());
        System.out.printf("CdsArchiveIT: %d of %d classes loaded from the archive (%.1f%%)%n", shared,
                shared + fromFiles.size(), 100 * coverage);
        assertThat(coverage).as("%d classes from the archive, %d from jars and modules, e.g.:%n%s%nThe class list is out"
                + " of date: make it again with testenv/cds-classlist", shared, fromFiles.size(),
                String.join("\n", fromFiles.subList(0, Math.min(20, fromFiles.size())))).isGreaterThanOrEqualTo(MIN_COVERAGE);
    }

    @Test
    void anArchiveMadeForOtherJarsIsNamedInAWarningAndTheProcessRunsWithoutIt() throws Exception {
        // The same jars in another place, one of them changed since: not the jars the archive was made for.
        Path lib = Files.createDirectories(dir.resolve("lib"));
        try (Stream<Path> jars = Files.list(TestEnv.repoDir().resolve("replicator-dist/target/replicator/lib"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
        }
        try (Stream<Path> jars = Files.list(lib)) {
            Path one = jars.filter(p -> p.getFileName().toString().startsWith("picocli-")).findFirst().orElseThrow();
            Files.setLastModifiedTime(one, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        }
        Path log = dir.resolve("backfill-other-jars.log");
        // A collector named in JAVA_OPTS replaces bin/replicator's (two would stop Java from starting).
        ProcessBuilder pb = ReplicatorProcess.command("-XX:+UseG1GC", false, "backfill", "--config",
                new E2eConfig("e2e-cds-archive-other", SCHEMA + "_other", "customer\\." + TABLE).write(dir).toString());
        pb.environment().put("REPLICATOR_LIB", lib.toString());
        pb.environment().put("REPLICATOR_CDS", "on");
        pb.environment().put("REPLICATOR_CDS_ARCHIVE", archive.toString());
        try {
            assertThat(run(pb, log)).as("exit code; %s", Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("WARN", "class-data sharing: Java did not use the archive " + archive,
                    "bin/replicator cds-archive", "garbage collector: G1");
            assertThat(Snapshot.targetCount(SCHEMA + "_other", TABLE)).isEqualTo(500);
        } finally {
            Snapshot.dropSchema(SCHEMA + "_other");
        }
    }

    private static int run(ProcessBuilder pb, Path log) throws Exception {
        return ReplicatorProcess.runToLog(pb, log, Duration.ofMinutes(3));
    }
}
