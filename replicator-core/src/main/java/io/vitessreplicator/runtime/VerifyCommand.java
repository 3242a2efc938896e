package io.vitessreplicator.runtime;

import io.vitessreplicator.config.ConfigException;
import io.vitessreplicator.config.ReplicatorConfig;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.verify.Verifier;
import io.vitessreplicator.verify.VerifyOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compare each replicated table's rows in the source with the target, value for value, and name"
                + " the keys that differ: changed, missing in the target, or extra in the target.",
                "Run it while the pipeline runs: a key that differs is checked again once the target has passed the"
                        + " source's position, and reported only if it still differs (a key that keeps changing at the"
                        + " source is listed as not confirmed). It reads only and never claims the pipeline.",
                "Exit 0 when the tables are equal, 8 when some differ, 9 when keys could not be rechecked because the"
                        + " pipeline did not catch up (is it running?)."})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--table", paramLabel = "KEYSPACE.TABLE", description = "Only this table (repeatable); default:"
            + " every table the pipeline replicates.")
    List<String> tables = new ArrayList<>();

    @Option(names = "--tablet-type", paramLabel = "TYPE", defaultValue = "replica",
            description = "Tablets the source rows are read from: replica, rdonly or primary (default: ${DEFAULT-VALUE})."
                    + " Rechecks of differing keys and positions are read on the primary (a few rows).")
    String tabletType;

    @Option(names = "--chunk-rows", paramLabel = "N", defaultValue = "1000",
            description = "Source rows per query and target keys per lookup (default: ${DEFAULT-VALUE}; at most 10000,"
                    + " vtgate's usual result limit).")
    int chunkRows;

    @Option(names = "--max-rows-per-second", paramLabel = "N", defaultValue = "5000",
            description = "Source rows read per second at most (default: ${DEFAULT-VALUE}; 0: no limit).")
    long maxRowsPerSecond;

    @Option(names = "--max-keys", paramLabel = "N", defaultValue = "20",
            description = "Differing keys named per table at most (default: ${DEFAULT-VALUE}).")
    int maxKeys;

    @Option(names = "--settle-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long a recheck waits for the pipeline to pass the source's position (default:"
                    + " ${DEFAULT-VALUE}; e.g. 90s, 5m).")
    String settleTimeout;

    @Option(names = "--recheck-rounds", paramLabel = "N", defaultValue = "5",
            description = "Rechecks of a differing key at most before it is called not confirmed (default:"
                    + " ${DEFAULT-VALUE}, at least 2).")
    int recheckRounds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        VerifyOptions options = options();
        List<TableId> only = new ArrayList<>();
        for (String t : tables) {
            if (!t.contains(".")) {
                throw new ConfigException("Invalid option --table " + t + ": expected KEYSPACE.TABLE.");
            }
            only.add(TableId.parse(t));
        }
        ReplicatorConfig cfg = config.load();
        try (Sink sink = ConfigOption.sink(cfg)) {
            Verifier.Outcome outcome = new Verifier(cfg, sink, options, spec.commandLine().getOut()).run(only);
            return switch (outcome) {
                case EQUAL -> ExitCode.OK;
                case DIFFERENT -> ExitCode.DIFFERENT;
                case INCONCLUSIVE -> ExitCode.NOT_CONFIRMED;
            };
        }
    }

    private VerifyOptions options() {
        if (!List.of("replica", "rdonly", "primary").contains(tabletType)) {
            throw new ConfigException("Invalid option --tablet-type " + tabletType + ": expected replica, rdonly or primary.");
        }
        if (chunkRows < 1 || chunkRows > 100_000) {
            throw new ConfigException("Invalid option --chunk-rows " + chunkRows + ": expected 1 to 100000.");
        }
        if (maxRowsPerSecond < 0) {
            throw new ConfigException("Invalid option --max-rows-per-second " + maxRowsPerSecond
                    + ": expected 0 (no limit) or more.");
        }
        if (maxKeys < 1) {
            throw new ConfigException("Invalid option --max-keys " + maxKeys + ": expected 1 or more.");
        }
        if (recheckRounds < 2 || recheckRounds > 100) {
            throw new ConfigException("Invalid option --recheck-rounds " + recheckRounds + ": expected 2 to 100.");
        }
        return new VerifyOptions(tabletType, chunkRows, maxRowsPerSecond, maxKeys, duration(settleTimeout), recheckRounds);
    }

    static Duration duration(String text) {
        String s = text.strip();
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            if (s.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new ConfigException("Invalid option --settle-timeout " + text + ": expected a duration such as 60s or 5m.");
        }
    }
}
