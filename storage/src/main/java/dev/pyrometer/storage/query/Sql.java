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
     * A condition on a {@code series} row: its {@code first_seen/last_seen} span overlaps {@code [from, to)}
     * (timestamptz expressions), or it has none yet. Where the range is settled, only such series can have raw rows
     * there. The test on last_seen is a range of index {@code series_by_group_seen}; {@code '-infinity'} and
     * {@code 'infinity'} as bounds admit every series.
     */
    static String seenWithin(String from, String to) {
        return "coalesce(last_seen, 'infinity') > " + from + " AND coalesce(first_seen, '-infinity') < " + to;
    }
}
