package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.RowOrigin;
import io.vitessreplicator.model.TableSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * The Hive-style partition folder of a row: {@code commit_date=2026-12-02} (the source's commit
 * date, UTC), {@code <column>_day=2026-12-02} / {@code <column>_month=2026-12} (a DATE, DATETIME or
 * TIMESTAMP column's value; {@code __null__} for NULL), or none. With {@code partition.by: column},
 * a table that has no such column (or not of a date type) is partitioned by commit date.
 */
final class Partitioner {
    static final String NULL_VALUE = "__null__";
    private final ParquetSinkConfig config;
    /** The last commit date's folder, kept while rows come from the same day (one reference: no torn read). */
    private CommitDay lastCommitDay = new CommitDay(Long.MIN_VALUE, null);

    private record CommitDay(long day, String folder) {}

    Partitioner(ParquetSinkConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    String of(TableSchema schema, Object[] data, RowOrigin origin) {
        return switch (config.partitionBy()) {
            case NONE -> "";
            case COMMIT_DATE -> commitDate(origin);
            case COLUMN -> column(schema, data).orElseGet(() -> commitDate(origin));
        };
    }

    private String commitDate(RowOrigin origin) {
        long day = Math.floorDiv(origin.commitTime().getEpochSecond(), 86_400L);
        CommitDay last = lastCommitDay;
        if (day != last.day()) {
            last = new CommitDay(day, "commit_date=" + LocalDate.ofEpochDay(day));
            lastCommitDay = last;
        }
        return last.folder();
    }

    private Optional<String> column(TableSchema schema, Object[] data) {
        String name = config.partitionColumn().orElseThrow();
        Optional<Integer> i = schema.indexOf(name);
        if (i.isEmpty() || !isDate(schema.columns().get(i.get()).type().kind())) {
            return Optional.empty();
        }
        String label = name.toLowerCase(Locale.ROOT) + "_"
                + (config.granularity() == ParquetSinkConfig.Granularity.DAY ? "day" : "month");
        Object v = data[i.get()];
        LocalDate date;
        if (v instanceof LocalDate d) {
            date = d;
        } else if (v instanceof LocalDateTime dt) {
            date = dt.toLocalDate();
        } else if (v instanceof Instant t) {
            date = t.atOffset(ZoneOffset.UTC).toLocalDate();
        } else {
            return Optional.of(label + "=" + NULL_VALUE);
        }
        String day = date.toString();
        return Optional.of(label + "=" + (config.granularity() == ParquetSinkConfig.Granularity.DAY ? day
                : day.substring(0, day.length() - 3)));
    }

    private static boolean isDate(Kind k) {
        return k == Kind.DATE || k == Kind.DATETIME || k == Kind.TIMESTAMP;
    }
}
