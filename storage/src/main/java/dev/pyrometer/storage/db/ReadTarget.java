package dev.pyrometer.storage.db;

import java.util.Locale;

/** The database a profile read goes to. */
public enum ReadTarget {
    PRIMARY,
    REPLICA;

    /** Lower case, as metrics tag it. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
