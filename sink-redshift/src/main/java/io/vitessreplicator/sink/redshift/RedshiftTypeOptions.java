package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

/**
 * The choices the type mapping leaves to the operator, where Redshift cannot hold a MySQL type
 * exactly in its natural counterpart. Every choice either keeps every value exactly (in another
 * type) or stops the pipeline at the table's first sight, naming the column: no value is ever
 * rounded or cut.
 *
 * @param jsonAsSuper true: JSON becomes SUPER (queryable with PartiQL; Redshift parses the text, so
 *                    key order and whitespace are not kept, as with MySQL's own JSON); false:
 *                    VARCHAR(65535), the JSON text exactly as the stream gives it, documents over
 *                    65535 bytes refused
 * @param wideDecimal DECIMAL(p,s) with p &gt; 38 (MySQL allows 65): {@link WideDecimal#VARCHAR} keeps
 *                    the decimal text exactly, {@link WideDecimal#STOP} refuses the table
 * @param longText    text whose declared maximum exceeds 65535 bytes (VARCHAR(n) with 4n &gt; 65535,
 *                    MEDIUMTEXT, LONGTEXT): {@link LongText#VARCHAR_MAX} makes it VARCHAR(65535) and a
 *                    longer value stops the batch (never truncated); {@link LongText#VARBYTE} makes it
 *                    VARBYTE(16777216) holding the text's UTF-8 bytes (every MEDIUMTEXT value fits; read
 *                    it with {@code FROM_VARBYTE(c, 'utf8')}); {@link LongText#STOP} refuses the table
 * @param time        MySQL TIME is a signed duration up to ±838:59:59; {@link TimeType#TIME} maps it to
 *                    Redshift TIME (a time of day, 00:00:00 to 24:00:00) and a value outside stops the
 *                    batch; {@link TimeType#VARCHAR} keeps every value as text {@code [-]H:MM:SS[.ffffff]}
 */
public record RedshiftTypeOptions(boolean jsonAsSuper, WideDecimal wideDecimal, LongText longText, TimeType time) {

    /** SUPER for JSON; stop on wide decimals; VARCHAR(65535) for long text; TIME for TIME. */
    public static final RedshiftTypeOptions DEFAULTS =
            new RedshiftTypeOptions(true, WideDecimal.STOP, LongText.VARCHAR_MAX, TimeType.TIME);

    public enum WideDecimal { VARCHAR, STOP }

    public enum LongText { VARCHAR_MAX, VARBYTE, STOP }

    public enum TimeType { TIME, VARCHAR }

    public RedshiftTypeOptions {
        requireNonNull(wideDecimal, "wideDecimal is null");
        requireNonNull(longText, "longText is null");
        requireNonNull(time, "time is null");
    }

    public RedshiftTypeOptions withJsonAsSuper(boolean value) {
        return new RedshiftTypeOptions(value, wideDecimal, longText, time);
    }

    public RedshiftTypeOptions withWideDecimal(WideDecimal value) {
        return new RedshiftTypeOptions(jsonAsSuper, value, longText, time);
    }

    public RedshiftTypeOptions withLongText(LongText value) {
        return new RedshiftTypeOptions(jsonAsSuper, wideDecimal, value, time);
    }

    public RedshiftTypeOptions withTime(TimeType value) {
        return new RedshiftTypeOptions(jsonAsSuper, wideDecimal, longText, value);
    }
}
