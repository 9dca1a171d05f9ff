package dev.pyrometer.storage.write;

/** What storing one {@link Upload} did. */
public enum WriteOutcome {
    /** Its rows were written by this batch. */
    STORED,
    /** Every row was already stored by an earlier upload with the same id; nothing was written. */
    DUPLICATE
}
