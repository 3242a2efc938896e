package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.RowOrigin;
import io.vitessreplicator.model.TableSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
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
    private static final String COMMIT_DATE = "commit_date";
    private final ParquetSinkConfig config;
    /** With {@code partition.by: column}: the folder label ({@code created_day}) and NULL's folder, made once. */
    private final String columnLabel;
    private final String columnNullFolder;
    private final boolean monthly;
    /**
     * The last folder made from a date, kept while rows come from the same day and label (one
     * reference: no torn read).
     */
    private DayFolder lastFolder = new DayFolder("", Long.MIN_VALUE, null);

    private record DayFolder(String label, long day, String folder) {}

    Partitioner(ParquetSinkConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.monthly = config.granularity() == ParquetSinkConfig.Granularity.MONTH;
        this.columnLabel = config.partitionColumn()
                .map(name -> name.toLowerCase(Locale.ROOT) + (monthly ? "_month" : "_day")).orElse(null);
        this.columnNullFolder = columnLabel == null ? null : columnLabel + "=" + NULL_VALUE;
    }

    String of(TableSchema schema, Object[] data, RowOrigin origin) {
        return switch (config.partitionBy()) {
            case NONE -> "";
            case COMMIT_DATE -> commitDate(origin);
            case COLUMN -> column(schema, data).orElseGet(() -> commitDate(origin));
        };
    }

    private String commitDate(RowOrigin origin) {
        return folder(COMMIT_DATE, utcDay(origin.commitTime()), false);
    }

    private Optional<String> column(TableSchema schema, Object[] data) {
        Optional<Integer> i = schema.indexOf(config.partitionColumn().orElseThrow());
        if (i.isEmpty() || !isDate(schema.columns().get(i.get()).type().kind())) {
            return Optional.empty();
        }
        Object v = data[i.get()];
        long day;
        if (v instanceof LocalDate d) {
            day = d.toEpochDay();
        } else if (v instanceof LocalDateTime dt) {
            day = dt.toLocalDate().toEpochDay();
        } else if (v instanceof Instant t) {
            day = utcDay(t);
        } else {
            return Optional.of(columnNullFolder);
        }
        return Optional.of(folder(columnLabel, day, monthly));
    }

    /** {@code label=2026-12-02}, or {@code label=2026-12} by month, for a day since the epoch. */
    private String folder(String label, long day, boolean month) {
        DayFolder last = lastFolder;
        if (day != last.day() || !label.equals(last.label())) {
            String date = LocalDate.ofEpochDay(day).toString();
            last = new DayFolder(label, day, label + "=" + (month ? date.substring(0, date.length() - 3) : date));
            lastFolder = last;
        }
        return last.folder();
    }

    private static long utcDay(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 86_400L);
    }

    private static boolean isDate(Kind k) {
        return k == Kind.DATE || k == Kind.DATETIME || k == Kind.TIMESTAMP;
    }
}
