package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.Types.col;
import static io.vitessreplicator.sink.jdbc.Types.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.contract.EveryType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The binary COPY form, byte by byte against PostgreSQL's send/recv formats, and its refusals
 * against the text form's (same exception, same message). PostgresCopyFormatsIT then checks that
 * the server stores what each form sends identically.
 */
class CopyBinaryEncoderTest {
    private static final TargetTables TABLES = new TargetTables(PostgresSinkConfig.from(
            ConfigNode.of("sink", Map.of("url", "jdbc:postgresql://h/db"))), new PostgresDialect());
    private static final LocalDate PG_EPOCH = LocalDate.of(2000, 1, 1);

    private static TargetTable target(ColumnType type) {
        return TABLES.describe(Types.table("ks", "t", List.of("id"), key("id", Types.BIGINT), col("v", type)));
    }

    /** The binary field of one value of {@code type} (null for NULL), from a staged upsert row. */
    private static byte[] encode(ColumnType type, Object value) {
        CopyBinaryEncoder encoder = CopyBinaryEncoder.of(target(type)).orElseThrow();
        CopyBinaryBuffer out = new CopyBinaryBuffer(1); // grows as it goes
        encoder.writeUpsert(new Object[] {1L, value}, 7, out);
        ByteBuffer row = ByteBuffer.wrap(out.array(), 0, out.size());
        assertThat(row.getShort()).isEqualTo((short) 4);
        assertThat(row.getInt()).isEqualTo(8);
        assertThat(row.getLong()).isEqualTo(1L);
        int length = row.getInt();
        byte[] field = null;
        if (length >= 0) {
            field = new byte[length];
            row.get(field);
        } else {
            assertThat(length).isEqualTo(-1);
        }
        assertThat(row.getInt()).isEqualTo(1);
        assertThat(row.get()).isEqualTo((byte) 'U');
        assertThat(row.getInt()).isEqualTo(8);
        assertThat(row.getLong()).isEqualTo(7L);
        assertThat(row.hasRemaining()).isFalse();
        return field;
    }

    private static String hex(ColumnType type, Object value) {
        return HexFormat.of().formatHex(encode(type, value));
    }

    private static long int64(byte[] b) {
        assertThat(b).hasSize(8);
        return ByteBuffer.wrap(b).getLong();
    }

    /** Both forms refuse {@code value} with the same FatalSinkException message; returns it. */
    private static String sameRefusal(ColumnType type, Object value) {
        TargetTable t = target(type);
        Throwable text = catchThrowable(() -> new CopyTextEncoder(t).writeRow(new Object[] {1L, value},
                new CopyTextBuffer(16)));
        CopyBinaryBuffer out = new CopyBinaryBuffer(16);
        out.int16(12345); // a row already in the buffer stays; the refused one is cut
        Throwable binary = catchThrowable(() -> CopyBinaryEncoder.of(t).orElseThrow().writeRow(new Object[] {1L, value},
                out));
        assertThat(text).isInstanceOf(FatalSinkException.class);
        assertThat(binary).isInstanceOf(FatalSinkException.class).hasMessage(text.getMessage());
        assertThat(out.size()).isEqualTo(2);
        return binary.getMessage();
    }

    /** A numeric field read back: the value and its display scale. */
    private record Numeric(BigDecimal value, int dscale) {}

    private static Numeric numeric(byte[] field) {
        ByteBuffer b = ByteBuffer.wrap(field);
        int ndigits = b.getShort();
        int weight = b.getShort();
        int sign = b.getShort() & 0xffff;
        int dscale = b.getShort();
        assertThat(field).hasSize(8 + 2 * ndigits);
        BigDecimal v = BigDecimal.ZERO;
        for (int i = 0; i < ndigits; i++) {
            int d = b.getShort();
            assertThat(d).isBetween(0, 9999);
            v = v.add(BigDecimal.valueOf(d).scaleByPowerOfTen(4 * (weight - i)));
        }
        if (ndigits > 0) {
            assertThat(b.getShort(8)).as("no leading zero digit").isNotZero();
            assertThat(b.getShort(8 + 2 * (ndigits - 1))).as("no trailing zero digit").isNotZero();
        }
        assertThat(sign).isIn(0, 0x4000);
        return new Numeric(sign == 0x4000 ? v.negate() : v, dscale);
    }

    @Test
    void integersInTheirTargetWidth() {
        assertThat(hex(Types.of(Kind.TINYINT, "tinyint"), -128L)).isEqualTo("ff80");
        assertThat(hex(Types.unsigned(Kind.SMALLINT, "smallint unsigned"), 65535L)).isEqualTo("0000ffff");
        assertThat(hex(Types.of(Kind.MEDIUMINT, "mediumint"), -1L)).isEqualTo("ffffffff");
        assertThat(hex(Types.unsigned(Kind.INT, "int unsigned"), 4294967295L)).isEqualTo("00000000ffffffff");
        assertThat(hex(Types.BIGINT, Long.MIN_VALUE)).isEqualTo("8000000000000000");
        assertThat(hex(Types.BIGINT, Long.MAX_VALUE)).isEqualTo("7fffffffffffffff");
        assertThat(hex(Types.BIGINT, 0L)).isEqualTo("0000000000000000");
        assertThat(hex(Types.of(Kind.YEAR, "year"), 2155)).isEqualTo("086b");
        assertThat(sameRefusal(Types.of(Kind.SMALLINT, "smallint"), 40000L))
                .contains("ks.t.v (smallint)", "outside the range of PostgreSQL smallint");
        sameRefusal(Types.INT, 2147483648L);
        sameRefusal(Types.INT, -2147483649L);
        sameRefusal(Types.BIGINT, "12");
    }

    @Test
    void unsignedBigintIsNumericTwentyZero() {
        ColumnType type = Types.unsigned(Kind.BIGINT, "bigint unsigned");
        // 1844 6744 0737 0955 1615 in base 10000: five digits, weight 4, positive, scale 0
        assertThat(hex(type, new BigInteger("18446744073709551615"))).isEqualTo("0005000400000000" + "0734" + "1a58"
                + "02e1" + "03bb" + "064f");
        assertThat(hex(type, BigInteger.ZERO)).isEqualTo("0000000000000000");
        for (String v : List.of("1", "9999", "10000", "9223372036854775807", "9223372036854775808",
                "10000000000000000000", "12345678901234567890")) {
            Numeric n = numeric(encode(type, new BigInteger(v)));
            assertThat(n.value()).isEqualByComparingTo(v);
            assertThat(n.dscale()).isZero();
        }
        sameRefusal(type, new BigInteger("18446744073709551616"));
        sameRefusal(type, BigInteger.ONE.negate());
        sameRefusal(type, 5L);
    }

    @Test
    void decimalsAreBaseTenThousandDigitsWithTheColumnsScale() {
        assertThat(hex(Types.decimal(10, 2), new BigDecimal("0.01"))).isEqualTo("0001ffff00000002" + "0064");
        assertThat(hex(Types.decimal(10, 2), new BigDecimal("-1.50"))).isEqualTo("0002000040000002" + "0001" + "1388");
        assertThat(hex(Types.decimal(10, 2), new BigDecimal("0.00"))).isEqualTo("0000000000000002");
        assertThat(hex(Types.decimal(10, 2), new BigDecimal("1E+3"))).isEqualTo("0001000000000002" + "03e8");
        assertThat(hex(Types.decimal(10, 0), new BigDecimal("1E+4"))).isEqualTo("0001000100000000" + "0001");
        String big = "-12345678901234567890123456789012345.123456789012345678901234567890";
        Numeric n = numeric(encode(Types.decimal(65, 30), new BigDecimal(big)));
        assertThat(n.value()).isEqualByComparingTo(big);
        assertThat(n.dscale()).isEqualTo(30);
        String nines = "9".repeat(65);
        assertThat(numeric(encode(Types.decimal(65, 0), new BigDecimal(nines))).value()).isEqualByComparingTo(nines);
        assertThat(numeric(encode(Types.decimal(65, 0), new BigDecimal("-" + nines))).value())
                .isEqualByComparingTo("-" + nines);
        // more zeros after the point than the scale: held exactly, as the text form writes them
        assertThat(numeric(encode(Types.decimal(10, 2), new BigDecimal("1.5000000000000000000000"))).value())
                .isEqualByComparingTo("1.5");
        assertThat(sameRefusal(Types.decimal(10, 2), new BigDecimal("1.005"))).contains("more than 2 digits after the point");
        assertThat(sameRefusal(Types.decimal(4, 2), new BigDecimal("123.4"))).contains("more than 2 digits before the point");
        sameRefusal(Types.decimal(65, 0), new BigDecimal("1" + "0".repeat(65)));
        sameRefusal(Types.decimal(10, 2), 1.5d);
    }

    @Test
    void decimalsOfEveryShapeDecodeToTheirValue() {
        Random random = new Random(42);
        int[][] shapes = {{1, 0}, {1, 1}, {4, 4}, {10, 2}, {18, 4}, {19, 0}, {19, 4}, {20, 2}, {30, 10}, {38, 19},
                {65, 30}, {65, 0}, {65, 65}, {1000, 500}};
        List<BigDecimal> edges = new ArrayList<>();
        for (long u : new long[] {Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE, 1, -1, 9999, 10000}) {
            edges.add(new BigDecimal(BigInteger.valueOf(u), 4));
        }
        edges.add(new BigDecimal(BigInteger.ONE.shiftLeft(63), 4));
        edges.add(new BigDecimal(BigInteger.ONE.shiftLeft(63).negate(), 4));
        edges.add(new BigDecimal(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), 4));
        for (int[] shape : shapes) {
            int p = shape[0];
            int s = shape[1];
            ColumnType type = Types.decimal(p, s);
            List<BigDecimal> values = new ArrayList<>();
            for (BigDecimal e : edges) {
                if (e.precision() - e.scale() <= p - s && e.scale() <= s) {
                    values.add(e);
                }
            }
            for (int i = 0; i < 300; i++) {
                int digits = 1 + random.nextInt(p);
                BigInteger unscaled = new BigInteger(digits * 4, random).mod(BigInteger.TEN.pow(digits));
                int scale = s - random.nextInt(Math.min(s, p - digits) + 1); // fits: digits - scale <= p - s
                BigDecimal v = new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), scale);
                values.add(v);
                values.add(v.setScale(s + random.nextInt(5))); // extra zeros after the point
            }
            for (BigDecimal v : values) {
                Numeric n = numeric(encode(type, v));
                assertThat(n.value()).as("%s in numeric(%d,%d)", v, p, s).isEqualByComparingTo(v);
                assertThat(n.dscale()).isEqualTo(s);
            }
        }
    }

    @Test
    void floatsKeepTheirBitsWithTheCanonicalNaN() {
        ColumnType real = Types.of(Kind.FLOAT, "float");
        ColumnType dbl = Types.of(Kind.DOUBLE, "double");
        assertThat(hex(real, Float.NaN)).isEqualTo("7fc00000");
        assertThat(hex(real, Float.intBitsToFloat(0x7fc00001))).isEqualTo("7fc00000"); // as the text "NaN" reads back
        assertThat(hex(real, -0.0f)).isEqualTo("80000000");
        assertThat(hex(real, Float.POSITIVE_INFINITY)).isEqualTo("7f800000");
        assertThat(hex(real, Float.MIN_VALUE)).isEqualTo("00000001");
        assertThat(hex(real, 0.1f)).isEqualTo(String.format("%08x", Float.floatToIntBits(0.1f)));
        assertThat(hex(dbl, Double.NaN)).isEqualTo("7ff8000000000000");
        assertThat(hex(dbl, Double.NEGATIVE_INFINITY)).isEqualTo("fff0000000000000");
        assertThat(hex(dbl, -0.0d)).isEqualTo("8000000000000000");
        assertThat(hex(dbl, Double.MIN_VALUE)).isEqualTo("0000000000000001");
        sameRefusal(real, 1.0d);
        sameRefusal(dbl, 1.0f);
    }

    @Test
    void bitsAreLeftAlignedInWholeBytesAfterTheirCount() {
        assertThat(hex(Types.length(Kind.BIT, 8, "bit(8)"), 5L)).isEqualTo("00000008" + "05");
        assertThat(hex(Types.length(Kind.BIT, 3, "bit(3)"), 5L)).isEqualTo("00000003" + "a0");
        assertThat(hex(Types.length(Kind.BIT, 10, "bit(10)"), 0x3ffL)).isEqualTo("0000000a" + "ffc0");
        assertThat(hex(Types.length(Kind.BIT, 1, "bit(1)"), 1L)).isEqualTo("00000001" + "80");
        assertThat(hex(Types.length(Kind.BIT, 64, "bit(64)"), -1L)).isEqualTo("00000040" + "ff".repeat(8));
        assertThat(hex(Types.length(Kind.BIT, 64, "bit(64)"), Long.MIN_VALUE)).isEqualTo("00000040" + "80" + "00".repeat(7));
        assertThat(hex(Types.length(Kind.BIT, 63, "bit(63)"), Long.MAX_VALUE)).isEqualTo("0000003f" + "ff".repeat(7) + "fe");
        assertThat(sameRefusal(Types.length(Kind.BIT, 3, "bit(3)"), 8L)).contains("does not fit in BIT(3)");
    }

    @Test
    void textIsRawUtf8WithTheTextFormsRefusals() {
        assertThat(new String(encode(Types.TEXT, "a\\b\tc\nd\re \\N \\. é"), StandardCharsets.UTF_8))
                .isEqualTo("a\\b\tc\nd\re \\N \\. é");
        assertThat(hex(Types.TEXT, "\uD83D\uDE80")).isEqualTo("f09f9a80");
        assertThat(hex(Types.TEXT, "\u0001\u007f\u0080\u07ff\u0800\uffff")).isEqualTo("017fc280dfbfe0a080efbfbf");
        assertThat(encode(Types.TEXT, "")).isEmpty();
        assertThat(encode(Types.of(Kind.ENUM, "enum('small')"), "small")).isEqualTo("small".getBytes(StandardCharsets.UTF_8));
        assertThat(sameRefusal(Types.TEXT, "ab\u0000c")).contains("NUL character (U+0000) at character 2");
        assertThat(sameRefusal(Types.TEXT, "é\u0000")).contains("at character 1");
        assertThat(sameRefusal(Types.TEXT, "a\uD83Db")).contains("unpaired UTF-16 surrogate (U+D83D)");
        sameRefusal(Types.TEXT, "a\uDE80");
        sameRefusal(Types.TEXT, "end\uD83D");
        String big = "x".repeat(300_000) + "é";
        assertThat(new String(encode(Types.TEXT, big), StandardCharsets.UTF_8)).isEqualTo(big);
    }

    @Test
    void varcharCountsCharactersAndCharZeroIsText() {
        String twentyRockets = "\uD83D\uDE80".repeat(20);
        assertThat(new String(encode(Types.VARCHAR_20, twentyRockets), StandardCharsets.UTF_8)).isEqualTo(twentyRockets);
        assertThat(sameRefusal(Types.VARCHAR_20, "x".repeat(20) + " ")).contains("has 21 characters and the column holds 20");
        sameRefusal(Types.VARCHAR_20, "x\u0000");
        assertThat(encode(Types.length(Kind.CHAR, 0, "char(0)"), "")).isEmpty();
    }

    @Test
    void jsonbIsVersionOneThenTheText() {
        ColumnType json = Types.of(Kind.JSON, "json");
        assertThat(hex(json, "{}")).isEqualTo("01" + "7b7d");
        assertThat(new String(encode(json, "{\"a\": \"\\\\u0000\"}"), StandardCharsets.UTF_8))
                .isEqualTo("\u0001{\"a\": \"\\\\u0000\"}");
        assertThat(sameRefusal(json, "{\"a\": \"x\\u0000\"}")).contains("escape \\u0000");
        sameRefusal(json, "{\"a\": \"\u0000\"}");
    }

    @Test
    void setsAreOneDimensionalTextArrays() {
        ColumnType set = Types.elements(Kind.SET, List.of("a", "b\"c", "d\\e"), "set(...)");
        // no dimensions, no NULLs, element type text (oid 25): what '{}' is
        assertThat(hex(set, List.of())).isEqualTo("00000000" + "00000000" + "00000019");
        assertThat(hex(set, List.of("a", "b\"c", "d\\e"))).isEqualTo("00000001" + "00000000" + "00000019"
                + "00000003" + "00000001" + "00000001" + "61" + "00000003" + "622263" + "00000003" + "645c65");
        assertThat(hex(set, List.of("", "\uD83D\uDE80"))).isEqualTo("00000001" + "00000000" + "00000019"
                + "00000002" + "00000001" + "00000000" + "00000004" + "f09f9a80");
        // the character count is the text form's, in its array literal
        assertThat(sameRefusal(set, List.of("b\"c", "x\u0000"))).contains("NUL character (U+0000) at character 10");
        sameRefusal(set, List.of("a\uD800"));
        assertThat(sameRefusal(set, List.of("a\u0000", 5))).contains("a SET member is java.lang.Integer");
        sameRefusal(set, "a,b");
    }

    @Test
    void bytesAreRaw() {
        assertThat(hex(Types.of(Kind.BLOB, "blob"), new byte[] {0, 15, (byte) 255})).isEqualTo("000fff");
        assertThat(encode(Types.length(Kind.BINARY, 4, "binary(4)"), new byte[0])).isEmpty();
        sameRefusal(Types.of(Kind.BLOB, "blob"), "x");
    }

    @Test
    void datesAreDaysSinceTwoThousand() {
        ColumnType date = Types.of(Kind.DATE, "date");
        assertThat(hex(date, PG_EPOCH)).isEqualTo("00000000");
        assertThat(hex(date, LocalDate.of(1999, 12, 31))).isEqualTo("ffffffff");
        assertThat(hex(date, LocalDate.of(1970, 1, 1))).isEqualTo(String.format("%08x", -10957));
        for (LocalDate d : List.of(LocalDate.of(0, 1, 1), LocalDate.of(-1, 12, 31), LocalDate.of(1, 1, 1),
                LocalDate.of(9999, 12, 31), LocalDate.of(2024, 2, 29), LocalDate.of(-4713, 11, 24),
                LocalDate.of(5874897, 12, 31))) {
            assertThat(ByteBuffer.wrap(encode(date, d)).getInt()).as("%s", d)
                    .isEqualTo((int) ChronoUnit.DAYS.between(PG_EPOCH, d));
        }
        // beyond PostgreSQL's range: a day it refuses, never an int32 extreme (±infinity) nor a wrapped value
        assertThat(ByteBuffer.wrap(encode(date, LocalDate.of(-4713, 11, 23))).getInt()).isEqualTo(-2451546);
        assertThat(ByteBuffer.wrap(encode(date, LocalDate.MIN)).getInt()).isEqualTo(-2451546);
        assertThat(ByteBuffer.wrap(encode(date, LocalDate.of(5874898, 1, 1))).getInt()).isEqualTo(2145031949);
        assertThat(ByteBuffer.wrap(encode(date, LocalDate.MAX)).getInt()).isEqualTo(2145031949);
        sameRefusal(date, LocalDateTime.of(2024, 1, 1, 0, 0));
    }

    @Test
    void timestampsAreMicrosecondsSinceTwoThousand() {
        ColumnType dt6 = Types.fraction(Kind.DATETIME, 6, "datetime(6)");
        LocalDateTime epoch = PG_EPOCH.atStartOfDay();
        assertThat(int64(encode(dt6, epoch))).isZero();
        assertThat(int64(encode(dt6, epoch.plusNanos(1000)))).isEqualTo(1);
        assertThat(int64(encode(dt6, epoch.minusNanos(1000)))).isEqualTo(-1);
        for (LocalDateTime t : List.of(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
                LocalDateTime.of(0, 1, 1, 0, 0), LocalDateTime.of(-1, 6, 15, 12, 0, 0, 500_000_000),
                LocalDateTime.of(1970, 1, 1, 0, 0), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_000),
                LocalDateTime.of(-4713, 11, 24, 0, 0), LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000))) {
            assertThat(int64(encode(dt6, t))).as("%s", t).isEqualTo(ChronoUnit.MICROS.between(epoch, t));
        }
        // beyond an int64 of microseconds: a value PostgreSQL refuses, never ±infinity
        assertThat(int64(encode(dt6, LocalDateTime.MAX.withNano(0)))).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(int64(encode(dt6, LocalDateTime.MIN))).isEqualTo(Long.MIN_VALUE + 1);
        assertThat(sameRefusal(Types.fraction(Kind.DATETIME, 3, "datetime(3)"),
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_400_000))).contains("beyond the column's 3 digits");
        sameRefusal(dt6, epoch.plusNanos(1));
        sameRefusal(Types.fraction(Kind.DATETIME, 0, "datetime"), epoch.plusNanos(500_000_000));

        ColumnType ts3 = Types.fraction(Kind.TIMESTAMP, 3, "timestamp(3)");
        assertThat(int64(encode(ts3, Instant.parse("2000-01-01T00:00:00Z")))).isZero();
        assertThat(int64(encode(ts3, Instant.EPOCH))).isEqualTo(-946_684_800_000_000L);
        Instant y2038 = Instant.parse("2038-01-19T03:14:07.999Z");
        assertThat(int64(encode(ts3, y2038))).isEqualTo(ChronoUnit.MICROS.between(Instant.parse("2000-01-01T00:00:00Z"), y2038));
        assertThat(int64(encode(ts3, Instant.parse("1969-12-31T23:59:59.999Z")))).isEqualTo(-946_684_800_001_000L);
        assertThat(int64(encode(ts3, Instant.MAX.minusNanos(999_999_999)))).isEqualTo(Long.MAX_VALUE - 1);
        sameRefusal(ts3, Instant.parse("2038-01-19T03:14:07.9991Z"));
        sameRefusal(ts3, LocalDateTime.of(2024, 1, 1, 0, 0));
    }

    @Test
    void timeIsAnIntervalOfMicrosecondsNoDaysNoMonths() {
        ColumnType time = Types.fraction(Kind.TIME, 6, "time(6)");
        assertThat(hex(time, Duration.ofHours(838).plusMinutes(59).plusSeconds(59)))
                .isEqualTo(String.format("%016x", 3_020_399_000_000L) + "00000000" + "00000000");
        assertThat(hex(time, Duration.ofHours(-838).minusMinutes(59).minusSeconds(59)))
                .isEqualTo(String.format("%016x", -3_020_399_000_000L) + "00000000" + "00000000");
        assertThat(interval(encode(time, Duration.ofMillis(-1500)))).isEqualTo(-1_500_000);
        assertThat(interval(encode(time, Duration.ofNanos(-1000)))).isEqualTo(-1);
        assertThat(interval(encode(time, Duration.ofNanos(1000)))).isEqualTo(1);
        assertThat(interval(encode(time, Duration.ofHours(25)))).isEqualTo(90_000_000_000L);
        assertThat(interval(encode(time, Duration.ZERO))).isZero();
        assertThat(interval(encode(time, Duration.of(Long.MAX_VALUE, ChronoUnit.MICROS)))).isEqualTo(Long.MAX_VALUE);
        assertThat(interval(encode(time, Duration.of(-Long.MAX_VALUE, ChronoUnit.MICROS)))).isEqualTo(-Long.MAX_VALUE);
        assertThat(sameRefusal(time, Duration.ofNanos(1))).contains("fraction of a microsecond");
        // beyond what the server's interval input takes, which the binary receive would not check
        assertThatThrownBy(() -> encode(time, Duration.of(Long.MIN_VALUE, ChronoUnit.MICROS)))
                .isInstanceOf(FatalSinkException.class).hasMessageContaining("outside the range of PostgreSQL interval");
        assertThatThrownBy(() -> encode(time, Duration.ofSeconds(Long.MAX_VALUE)))
                .hasMessageContaining("outside the range of PostgreSQL interval");
        sameRefusal(time, 5L);
    }

    private static long interval(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        assertThat(b).hasSize(16);
        long micros = buf.getLong();
        assertThat(buf.getInt()).as("days").isZero();
        assertThat(buf.getInt()).as("months").isZero();
        return micros;
    }

    @Test
    void nullIsLengthMinusOne() {
        assertThat(encode(Types.TEXT, null)).isNull();
        assertThat(encode(Types.decimal(10, 2), null)).isNull();
    }

    @Test
    void rowsForTheTargetHaveItsColumnsOnlyAndDeletesOnlyTheKey() {
        TableSchema schema = Types.table("ks", "t", List.of("b", "a"), col("a", Types.INT), col("x", Types.TEXT),
                col("b", Types.TEXT));
        CopyBinaryEncoder encoder = CopyBinaryEncoder.of(TABLES.describe(schema)).orElseThrow();
        CopyBinaryBuffer out = new CopyBinaryBuffer(1);
        encoder.writeRow(new Object[] {5L, null, "bee"}, out);
        assertThat(HexFormat.of().formatHex(out.array(), 0, out.size())).isEqualTo("0003" + "00000004" + "00000005"
                + "ffffffff" + "00000003" + "626565");
        out.clear();
        encoder.writeDelete(new Object[] {"bee", 5L}, 9, out);
        assertThat(HexFormat.of().formatHex(out.array(), 0, out.size())).isEqualTo("0005" + "00000004" + "00000005"
                + "ffffffff" + "00000003" + "626565" + "00000001" + "44" + "00000008" + "0000000000000009");
        TargetTable table = TABLES.describe(schema);
        assertThatThrownBy(() -> encoder.writeDelete(new Object[] {null, 5L}, 9, out))
                .hasMessage(catchThrowable(() -> new CopyTextEncoder(table).writeDelete(new Object[] {null, 5L}, 9,
                        new CopyTextBuffer(16))).getMessage());
        assertThatThrownBy(() -> encoder.writeDelete(new Object[] {5L}, 9, out))
                .hasMessage(catchThrowable(() -> new CopyTextEncoder(table).writeDelete(new Object[] {5L}, 9,
                        new CopyTextBuffer(16))).getMessage());
        assertThatThrownBy(() -> encoder.writeRow(new Object[] {5L}, out))
                .hasMessage(catchThrowable(() -> new CopyTextEncoder(table).writeRow(new Object[] {5L},
                        new CopyTextBuffer(16))).getMessage());
    }

    @Test
    void theBufferFramesACopy() {
        CopyBinaryBuffer out = new CopyBinaryBuffer(1);
        out.header();
        out.trailer();
        assertThat(HexFormat.of().formatHex(out.array(), 0, out.size()))
                .isEqualTo("5047434f50590aff0d0a00" + "00000000" + "00000000" + "ffff");
    }

    @Test
    void everyMappedTypeHasABinaryForm() {
        TargetTable every = TABLES.describe(EveryType.table("ks", "every_type"));
        assertThat(CopyBinaryEncoder.textOnlyColumn(every)).isEmpty();
        assertThat(CopyBinaryEncoder.of(every)).isPresent();
        for (Kind kind : Kind.values()) {
            if (kind != Kind.UNSUPPORTED) {
                assertThat(EveryType.COLUMNS.values()).extracting(ColumnType::kind).as("EveryType covers %s", kind)
                        .contains(kind);
            }
        }
    }

    @Test
    void anotherTargetTypeMakesTheTableText() {
        TableSchema schema = Types.table("ks", "t", List.of("id"), key("id", Types.BIGINT), col("n", Types.INT),
                col("s", Types.VARCHAR_20));
        TargetTable mapped = TABLES.describe(schema);
        TargetTable other = new TargetTable(schema, mapped.schema(), mapped.name(), mapped.qualifiedName(),
                List.of(SqlType.same("bigint"), SqlType.same("numeric(12,0)"), mapped.columnTypes().get(2)),
                mapped.deleteMode());
        assertThat(CopyBinaryEncoder.of(other)).isEmpty();
        assertThat(CopyBinaryEncoder.textOnlyColumn(other)).contains("n (int → numeric(12,0))");
        // the integer kinds take any of the three integer widths, as the text form does
        TargetTable wider = new TargetTable(schema, mapped.schema(), mapped.name(), mapped.qualifiedName(),
                List.of(SqlType.same("bigint"), SqlType.same("bigint"), mapped.columnTypes().get(2)), mapped.deleteMode());
        assertThat(CopyBinaryEncoder.of(wider)).isPresent();
        TargetTable longer = new TargetTable(schema, mapped.schema(), mapped.name(), mapped.qualifiedName(),
                List.of(SqlType.same("bigint"), SqlType.same("integer"), SqlType.same("varchar(40)")), mapped.deleteMode());
        assertThat(CopyBinaryEncoder.textOnlyColumn(longer)).contains("s (varchar(20) → varchar(40))");
    }

    /**
     * The binary form trusts TargetTable.columnTypes() to be the existing table's types, which holds
     * only while PostgreSQL adopts an existing column of exactly the mapped type. Loosening that must
     * also hand the actual types to CopyBinaryEncoder (see its comment).
     */
    @Test
    void postgresAdoptsOnlyColumnsOfTheMappedType() {
        SqlDialect.Catalog catalog = new PostgresDialect().catalog();
        assertThat(catalog.holds("integer", SqlType.same("integer"))).isTrue();
        assertThat(catalog.holds("bigint", SqlType.same("integer"))).isFalse();
        assertThat(catalog.holds("character varying(40)", new SqlType("varchar(20)", "character varying(20)"))).isFalse();
        assertThat(catalog.holds("numeric", SqlType.same("numeric(20,0)"))).isFalse();
    }

    @Test
    void everyColumnOfEveryTypeAtItsEdgesEncodes() {
        TargetTable every = TABLES.describe(EveryType.table("ks", "every_type"));
        CopyBinaryEncoder encoder = CopyBinaryEncoder.of(every).orElseThrow();
        CopyBinaryBuffer out = new CopyBinaryBuffer(1);
        for (Object[] row : List.of(EveryType.maxima(), EveryType.minima(), EveryType.specials(), EveryType.nulls(4L))) {
            int before = out.size();
            encoder.writeRow(row, out);
            assertThat(ByteBuffer.wrap(out.array(), before, 2).getShort()).isEqualTo((short) row.length);
        }
        List<Column> columns = every.source().columns();
        assertThat(columns).hasSize(EveryType.maxima().length);
    }
}
