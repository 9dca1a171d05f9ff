package dev.pyrometer.storage.query;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.dictionary.BoundedCache;
import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.read.SymbolLoader;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns summed payloads back into profiles: stack ids are resolved to frames through an LRU cache
 * (stacks never change once stored, so cached entries never go stale). Thread-safe.
 */
public final class StackSymbols {
    private final DataSource dataSource;
    private final BoundedCache<Long, List<Frame>> cache;

    public StackSymbols(DataSource dataSource, int cacheCapacity) {
        this.dataSource = dataSource;
        this.cache = new BoundedCache<>(cacheCapacity);
    }

    /**
     * One profile per series sums, all sharing one {@link FrameTable}.
     *
     * @param seriesById the series each sums belong to
     */
    public List<SeriesProfile> profiles(int tenantId, List<SeriesSums> sums, Map<Long, SeriesInfo> seriesById,
                                        long timeNanos, long durationNanos) throws SQLException {
        Set<Long> ids = new LinkedHashSet<>();
        for (SeriesSums series : sums) {
            for (long id : series.summed().stackIds()) {
                ids.add(id);
            }
        }
        Map<Long, List<Frame>> stacks = resolve(tenantId, ids);
        FrameTable frames = new FrameTable();
        Map<Long, int[]> interned = new HashMap<>(stacks.size() * 2);
        stacks.forEach((id, stack) -> interned.put(id, stack.stream().mapToInt(frames::intern).toArray()));

        List<SeriesProfile> profiles = new ArrayList<>(sums.size());
        for (SeriesSums series : sums) {
            Payload payload = series.summed();
            int[][] resolved = new int[payload.stackIds().length][];
            for (int i = 0; i < resolved.length; i++) {
                resolved[i] = interned.get(payload.stackIds()[i]);
            }
            SeriesInfo info = seriesById.get(series.seriesId());
            profiles.add(new SeriesProfile(info.type(), info.labels(), timeNanos, durationNanos, payload.period(), frames,
                    resolved, payload.values()));
        }
        return profiles;
    }

    /** The frames, leaf first, of each stack id. */
    public Map<Long, List<Frame>> resolve(int tenantId, Set<Long> stackIds) throws SQLException {
        Map<Long, List<Frame>> result = new HashMap<>(stackIds.size() * 2);
        List<Long> missing = new ArrayList<>();
        for (long id : stackIds) {
            List<Frame> stack = cache.get(id);
            if (stack != null) {
                result.put(id, stack);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            try (Connection connection = dataSource.getConnection()) {
                Map<Long, List<Frame>> loaded = SymbolLoader.stacks(connection, tenantId, missing);
                for (long id : missing) {
                    List<Frame> stack = loaded.get(id);
                    if (stack == null) {
                        throw new SQLException("stack " + id + " of tenant " + tenantId + " is missing from symbol_stack");
                    }
                    cache.put(id, stack);
                    result.put(id, stack);
                }
            }
        }
        return result;
    }
}
