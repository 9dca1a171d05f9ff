package dev.pyrometer.storage.query;

/** SQL fragments shared by the readers. */
final class Sql {
    private Sql() {
    }

    /** A timestamptz from a bigint of µs since the epoch, exactly. */
    static String micros(String parameter) {
        return "(timestamptz 'epoch' + " + parameter + " * interval '1 microsecond')";
    }

    /** µs since the epoch of a timestamptz column, exactly. */
    static String toMicros(String column) {
        return "(extract(epoch FROM " + column + ") * 1000000)::bigint";
    }

    /**
     * A condition on a {@code series} row: its {@code first_seen/last_seen} span overlaps {@code [from, to)} (µs
     * expressions), or it has none yet. Where the range is settled, only such series can have raw rows there.
     */
    static String seenWithin(String fromMicros, String toMicros) {
        return "coalesce(last_seen, 'infinity') > " + micros(fromMicros) + " AND coalesce(first_seen, '-infinity') < " + micros(toMicros);
    }
}
