package dev.pyrometer.storage.db;

/** Whether reads may go to the replica, and if not, why not. */
public enum ReplicaState {
    /** No check has finished yet. */
    STARTING("not checked yet"),
    /** Reachable, replaying (in recovery), and its lag is known and within the bound: reads go to it. */
    IN_USE("reads go to the replica"),
    /** Its lag is over the bound, or not known yet. */
    STALE("the replica trails the primary by more than the bound, or by an unknown time"),
    /** It does not answer. */
    UNREACHABLE("the replica does not answer"),
    /** It answers but is not a standby (promoted, or a primary named as replica): its data may diverge. */
    NOT_IN_RECOVERY("the replica's server is not in recovery (not a standby)"),
    /** The primary does not answer, so the replica's lag cannot be checked. */
    PRIMARY_UNREACHABLE("the primary does not answer, so the lag cannot be checked");

    private final String meaning;

    ReplicaState(String meaning) {
        this.meaning = meaning;
    }

    public boolean readsFromReplica() {
        return this == IN_USE;
    }

    /** One phrase for logs and health details. */
    public String meaning() {
        return meaning;
    }
}
