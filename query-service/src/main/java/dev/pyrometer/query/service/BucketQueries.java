package dev.pyrometer.query.service;

import dev.pyrometer.profile.buckets.BucketMatrix;
import dev.pyrometer.profile.buckets.SeriesBucket;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.query.window.QueryWindow;
import dev.pyrometer.storage.query.BucketReader;
import dev.pyrometer.storage.query.SeriesInfo;
import org.springframework.stereotype.Service;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Windows of selected series read as time buckets (see {@link BucketReader}), one {@link BucketMatrix} per series with data. */
@Service
public class BucketQueries {
    private final BucketReader reader;

    public BucketQueries(BucketReader reader) {
        this.reader = reader;
    }

    /**
     * @param series    series of one tenant and of {@code type}, as {@link ProfileQueries#series} selects them
     * @param step      bucket width, whole minutes
     * @param functions whether to compute flat and cum metrics
     * @param stacks    whether to compute stack metrics
     */
    public List<BucketMatrix> perSeries(List<SeriesInfo> series, ProfileType type, QueryWindow window, Duration step,
                                        boolean functions, boolean stacks) throws SQLException {
        if (series.isEmpty()) {
            return List.of();
        }
        Map<Long, List<SeriesBucket>> read = reader.read(series.get(0).tenantId(), series, window.fromMicros(), window.toMicros(),
                step.toNanos() / 1000);
        List<BucketMatrix> result = new ArrayList<>();
        for (SeriesInfo info : series) {
            List<SeriesBucket> buckets = read.get(info.id());
            if (buckets != null) {
                result.add(BucketMatrix.of(type.aggregation(), buckets, functions, stacks));
            }
        }
        return result;
    }
}
