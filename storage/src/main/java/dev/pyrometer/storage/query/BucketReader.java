package dev.pyrometer.storage.query;

import dev.pyrometer.profile.buckets.SeriesBucket;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.payload.PayloadCodec;
import dev.pyrometer.storage.payload.PayloadMerger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.NavigableSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a window of some series as time buckets: per series and per step-aligned bucket
 * {@code [k·step, (k+1)·step)} (UTC, from the epoch), the sum by stack of its snapshots and their
 * count, resolved to profiles. The window is planned over the rollup tiers whose width divides the
 * step, exactly as {@link WindowReader} plans it, in one repeatable-read snapshot; so each bucket's
 * sum equals the raw merge of its snapshots inside the window. Thread-safe.
 */
public final class BucketReader {
    private static final long MINUTE_MICROS = 60_000_000L;

    private final DataSource dataSource;
    private final StackSymbols symbols;

    /** Distinct (series, bucket, stack) values one read may hold by default: about 100 MB of heap at most. */
    public static final int DEFAULT_MAX_ENTRIES = 1_000_000;

    private final int maxEntries;

    public BucketReader(DataSource dataSource, StackSymbols symbols) {
        this(dataSource, symbols, DEFAULT_MAX_ENTRIES);
    }

    /** @param maxEntries most distinct (series, bucket, stack) values one read may hold; past it the read is refused */
    public BucketReader(DataSource dataSource, StackSymbols symbols, int maxEntries) {
        this.maxEntries = maxEntries;
        this.dataSource = dataSource;
        this.symbols = symbols;
    }

    /**
     * @param stepMicros bucket width, a positive multiple of one minute
     * @return per series id, its buckets with data, ascending; a bucket's seconds are the part of it inside the window
     */
    public Map<Long, List<SeriesBucket>> read(int tenantId, List<SeriesInfo> series, long fromMicros, long toMicros, long stepMicros)
            throws SQLException {
        if (stepMicros <= 0 || stepMicros % MINUTE_MICROS != 0) {
            throw new IllegalArgumentException("step must be a positive multiple of a minute");
        }
        Map<Long, List<SeriesBucket>> result = new HashMap<>();
        if (series.isEmpty() || fromMicros >= toMicros) {
            return result;
        }
        long[] ids = series.stream().mapToLong(SeriesInfo::id).toArray();
        Map<Long, TreeMap<Long, PayloadMerger>> sums = new HashMap<>();
        long[] held = {0};
        try (Connection connection = dataSource.getConnection()) {
            Snapshots.readOnly(connection, () -> {
                List<NavigableSet<Long>> marks = PendingMarks.read(connection, tenantId, fromMicros, toMicros);
                List<Piece> plan = PlannedRows.planForStep(marks, fromMicros, toMicros, stepMicros);
                PlannedRows.read(connection, plan, marks, ids, PlannedRows.PAYLOAD, true, row -> held[0] += accumulate(row, sums, stepMicros, held[0]));
                return null;
            });
        }
        return resolve(tenantId, series, sums, fromMicros, toMicros, stepMicros);
    }

    private Map<Long, List<SeriesBucket>> resolve(int tenantId, List<SeriesInfo> series, Map<Long, TreeMap<Long, PayloadMerger>> sums,
                                                  long fromMicros, long toMicros, long stepMicros) throws SQLException {
        Map<Long, SeriesInfo> byId = new HashMap<>();
        series.forEach(info -> byId.put(info.id(), info));
        List<SeriesSums> flat = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        sums.forEach((id, buckets) -> buckets.forEach((start, merger) -> {
            flat.add(new SeriesSums(id, merger.result(), merger.snapshots()));
            starts.add(start);
        }));
        List<SeriesProfile> profiles = symbols.profiles(tenantId, flat, byId, 0, 0);
        Map<Long, List<SeriesBucket>> result = new HashMap<>();
        for (int i = 0; i < flat.size(); i++) {
            long start = starts.get(i);
            long end = start + stepMicros;
            double seconds = (Math.min(end, toMicros) - Math.max(start, fromMicros)) / 1e6;
            SeriesProfile p = profiles.get(i);
            SeriesProfile dated = new SeriesProfile(p.type(), p.labels(), start * 1000, stepMicros * 1000, p.period(), p.frames(), p.stacks(), p.values());
            result.computeIfAbsent(flat.get(i).seriesId(), id -> new ArrayList<>())
                    .add(new SeriesBucket(start / 1000, seconds, flat.get(i).snapshots(), dated));
        }
        return result;
    }

    /** Merges one row into its bucket; returns how many distinct values it added. */
    private long accumulate(ResultSet row, Map<Long, TreeMap<Long, PayloadMerger>> sums, long stepMicros, long held) throws SQLException {
        long bucket = Math.floorDiv(row.getLong(2), stepMicros) * stepMicros;
        PayloadMerger merger = sums.computeIfAbsent(row.getLong(1), id -> new TreeMap<>()).computeIfAbsent(bucket, b -> new PayloadMerger());
        int before = merger.size();
        merger.add(PayloadCodec.decode(row.getBytes(4)), row.getInt(3));
        int added = merger.size() - before;
        if (held + added > maxEntries) {
            throw new TooMuchDataException(maxEntries);
        }
        return added;
    }

    /**
     * A read would hold more distinct (series, bucket, stack) values than its bound: the request asks too much
     * (an IllegalArgumentException, so that the API answers 400 naming the remedy).
     */
    public static final class TooMuchDataException extends IllegalArgumentException {
        TooMuchDataException(int maxEntries) {
            super("the window holds more than " + maxEntries + " distinct (series, bucket, stack) values; narrow the selector, "
                    + "shorten the window or choose a larger step");
        }
    }
}
