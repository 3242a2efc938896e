package io.vitessreplicator.source.decode;

import io.vitessreplicator.model.ZeroDatePolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Parses MySQL's temporal text straight from the value bytes. Both VStream phases send the same
 * text: {@code YYYY-MM-DD}, {@code YYYY-MM-DD hh:mm:ss[.f{fsp}]}, {@code [-]h{1,3}:mm:ss[.f{fsp}]}.
 *
 * <p>TIMESTAMP text is UTC in both phases, whatever the server's or the writer's time zone: the
 * copy phase reads on a connection where vttablet sets {@code time_zone='+00:00'}, and for the
 * binlog vttablet formats the stored epoch seconds in UTC. So TIMESTAMP text is read as UTC.
 *
 * <p>Zero dates ({@code 0000-00-00}, or a zero month or day, as MySQL allows without
 * NO_ZERO_DATE/NO_ZERO_IN_DATE) are not a {@link LocalDate}; they follow the
 * {@link ZeroDatePolicy}. Other impossible dates (2024-02-30 under ALLOW_INVALID_DATES) fail.
 */
final class TemporalText {
    private static final int[] POW10 =
            {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};
    private static final long SECONDS_PER_DAY = 86_400;

    private TemporalText() {}

    static ColumnDecoder date(ZeroDatePolicy zeroDates) {
        return (b, off, len) -> {
            if (len != 10 || b[off + 4] != '-' || b[off + 7] != '-') {
                throw new IllegalArgumentException("not a YYYY-MM-DD date");
            }
            int year = digits(b, off, 4);
            int month = digits(b, off + 5, 2);
            int day = digits(b, off + 8, 2);
            if (month == 0 || day == 0) {
                return zeroDate(zeroDates);
            }
            return LocalDate.of(year, month, day);
        };
    }

    static ColumnDecoder dateTime(ZeroDatePolicy zeroDates) {
        return (b, off, len) -> {
            checkDateTimeShape(b, off, len);
            int month = digits(b, off + 5, 2);
            int day = digits(b, off + 8, 2);
            if (month == 0 || day == 0) {
                return zeroDate(zeroDates);
            }
            return LocalDateTime.of(digits(b, off, 4), month, day, digits(b, off + 11, 2), digits(b, off + 14, 2),
                    digits(b, off + 17, 2), nanos(b, off + 19, len - 19));
        };
    }

    static ColumnDecoder timestamp(ZeroDatePolicy zeroDates) {
        return (b, off, len) -> {
            checkDateTimeShape(b, off, len);
            int month = digits(b, off + 5, 2);
            int day = digits(b, off + 8, 2);
            if (month == 0 || day == 0) {
                return zeroDate(zeroDates);
            }
            int hour = digits(b, off + 11, 2);
            int minute = digits(b, off + 14, 2);
            int second = digits(b, off + 17, 2);
            if (hour > 23 || minute > 59 || second > 59) {
                throw new IllegalArgumentException("time of day out of range");
            }
            long epochDay = LocalDate.of(digits(b, off, 4), month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second,
                    nanos(b, off + 19, len - 19));
        };
    }

    /** TIME: a signed duration of up to 838:59:59.000000. */
    static ColumnDecoder time() {
        return (b, off, len) -> {
            int end = off + len;
            int i = off;
            boolean negative = i < end && b[i] == '-';
            if (negative) {
                i++;
            }
            int colon = i;
            while (colon < end && b[colon] != ':') {
                colon++;
            }
            int hourDigits = colon - i;
            if (hourDigits < 1 || hourDigits > 3 || colon + 6 > end || b[colon + 3] != ':') {
                throw new IllegalArgumentException("not a [-]h:mm:ss time");
            }
            long hours = digits(b, i, hourDigits);
            int minutes = digits(b, colon + 1, 2);
            int seconds = digits(b, colon + 4, 2);
            if (minutes > 59 || seconds > 59) {
                throw new IllegalArgumentException("minutes or seconds out of range");
            }
            int nanos = nanos(b, colon + 6, end - (colon + 6));
            Duration d = Duration.ofSeconds(hours * 3600 + minutes * 60L + seconds, nanos);
            return negative ? d.negated() : d;
        };
    }

    /** YEAR: 1901..2155, or 0 for MySQL's zero year {@code 0000}. */
    static ColumnDecoder year() {
        return (b, off, len) -> {
            if (len < 1 || len > 4) {
                throw new IllegalArgumentException("not a year");
            }
            return digits(b, off, len);
        };
    }

    private static Object zeroDate(ZeroDatePolicy zeroDates) {
        if (zeroDates == ZeroDatePolicy.NULL) {
            return null;
        }
        throw new ZeroDateException();
    }

    private static void checkDateTimeShape(byte[] b, int off, int len) {
        if (len < 19 || len == 20 || len > 26 || b[off + 4] != '-' || b[off + 7] != '-' || b[off + 10] != ' '
                || b[off + 13] != ':' || b[off + 16] != ':' || (len > 19 && b[off + 19] != '.')) {
            throw new IllegalArgumentException("not a YYYY-MM-DD hh:mm:ss[.ffffff] date and time");
        }
    }

    /** Nanoseconds of a fraction {@code .f..} of {@code len} bytes including the dot (0 when len is 0). */
    private static int nanos(byte[] b, int dot, int len) {
        if (len == 0) {
            return 0;
        }
        int fractionDigits = len - 1;
        if (b[dot] != '.' || fractionDigits < 1 || fractionDigits > 9) {
            throw new IllegalArgumentException("bad fractional seconds");
        }
        return digits(b, dot + 1, fractionDigits) * POW10[9 - fractionDigits];
    }

    private static int digits(byte[] b, int off, int count) {
        int value = 0;
        for (int i = off; i < off + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("non-digit where a digit belongs");
            }
            value = value * 10 + d;
        }
        return value;
    }
}
