package dev.pyrometer.storage.contract;

import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader returns the snapshots whose stored time t satisfies {@code from <= t < to}, to the nanosecond. */
public abstract class ReadWindowContract extends StoreContract {
    /** Sent with nanosecond digits; stored as 1_772_400_000_123_456_000 ns. */
    private static final long SENT = 1_772_400_000_123_456_789L;
    private static final long STORED = 1_772_400_000_123_456_000L;

    @Test
    void windowsAreHalfOpenAroundTheStoredTime() throws Exception {
        store.write(Store.upload("one", Captures.split("goroutine-2.pb.gz", "api", SENT)));
        store.write(Store.upload("two", Captures.split("goroutine-3.pb.gz", "api", SENT + 1_000_000)));

        assertThat(read(STORED, STORED + 1)).containsExactly(STORED);
        assertThat(read(STORED - 1, STORED)).isEmpty();
        assertThat(read(STORED + 1, STORED + 1_000_000)).isEmpty();
        assertThat(read(STORED + 1, STORED + 1_000_001)).containsExactly(STORED + 1_000_000);
        assertThat(read(STORED - 999, STORED + 1_000_000)).containsExactly(STORED);
        assertThat(read(STORED, STORED + 1_000_001)).containsExactly(STORED, STORED + 1_000_000);
    }

    private List<Long> read(long fromNanos, long toNanos) throws SQLException {
        long series = store.seriesIds().values().iterator().next();
        return store.reader().read(series, fromNanos, toNanos).stream().map(stored -> stored.profile().timeNanos()).toList();
    }
}
