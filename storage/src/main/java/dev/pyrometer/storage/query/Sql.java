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
}
