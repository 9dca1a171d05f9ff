package dev.pyrometer.storage.rollup;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes one service's snapshots at regular times, as an agent scraping every {@code step} would. */
final class Timeline {
    private static final int BATCH = 200;

    private Timeline() {
    }

    /**
     * At {@code count} times {@code from, from + step, ...}, one upload of each kind (e.g. "cpu"),
     * cycling through the capture rounds; returns the number of uploads.
     */
    static int write(Store store, String service, List<String> kinds, Instant from, Duration step, int count) throws SQLException {
        return write(store, Captures.labels("service_name", service), kinds, from, step, count);
    }

    /** As {@link #write(Store, String, List, Instant, Duration, int)}, for the series with {@code labels}. */
    static int write(Store store, LabelSet labels, List<String> kinds, Instant from, Duration step, int count) throws SQLException {
        List<Upload> batch = new ArrayList<>();
        int uploads = 0;
        for (int i = 0; i < count; i++) {
            Instant time = from.plus(step.multipliedBy(i));
            for (String kind : kinds) {
                String name = kind + "-" + (i % 6 + 1) + ".pb.gz";
                batch.add(Store.upload(labels + "@" + time + "/" + kind, Captures.split(name, labels, Captures.nanos(time))));
                if (batch.size() == BATCH || (i == count - 1 && kind.equals(kinds.get(kinds.size() - 1)))) {
                    assertThat(store.writer().write(batch)).containsOnly(WriteOutcome.STORED);
                    uploads += batch.size();
                    batch.clear();
                }
            }
        }
        return uploads;
    }
}
