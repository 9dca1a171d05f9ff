package dev.pyrometer.storage.db;

/**
 * Keeps one thread's profile reads on one database while open: the first connection taken under it chooses
 * the database ({@link ReadRouting} says which), and every later one goes to the same. A request that reads
 * series, windows and stacks one after another then never mixes a newer primary with an older replica (a
 * profile read from the primary may name stacks the replica has not replayed yet). Closing it releases the
 * thread. Pins nest: an inner one adds nothing.
 */
public final class ReadPin implements AutoCloseable {
    private final ThreadLocal<ReadPin> owner;
    private final boolean outermost;
    private ReadTarget target;

    ReadPin(ThreadLocal<ReadPin> owner, boolean outermost) {
        this.owner = owner;
        this.outermost = outermost;
    }

    /** The database this pin holds, choosing it with {@code current} on first use. */
    ReadTarget target(ReadTarget current) {
        if (target == null) {
            target = current;
        }
        return target;
    }

    @Override
    public void close() {
        if (outermost) {
            owner.remove();
        }
    }
}
