package dev.pyrometer.query.service;

import dev.pyrometer.profile.merge.SeriesWindow;
import dev.pyrometer.profile.merge.WindowAggregator;
import dev.pyrometer.profile.merge.WindowProfile;
import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.selector.SelectorEvaluation;
import dev.pyrometer.profile.selector.SelectorException;
import dev.pyrometer.query.window.QueryWindow;
import dev.pyrometer.storage.query.GroupCoverage;
import dev.pyrometer.storage.query.ReadStats;
import dev.pyrometer.storage.query.SeriesCatalog;
import dev.pyrometer.storage.query.SeriesInfo;
import dev.pyrometer.storage.query.SeriesSums;
import dev.pyrometer.storage.query.SeriesTimeline;
import dev.pyrometer.storage.query.StackSymbols;
import dev.pyrometer.storage.query.TimelineReader;
import dev.pyrometer.storage.query.WindowRead;
import dev.pyrometer.storage.query.WindowReader;
import dev.pyrometer.storage.rollup.Tier;
import org.springframework.stereotype.Service;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query side's one path from a request to profiles: find the tenant's series of a type that
 * match a selector, read their window over the rollup tiers, resolve symbols, and merge by the
 * type's aggregation. An unknown tenant or service gives an empty result, not an error.
 */
@Service
public class ProfileQueries {
    private final SeriesCatalog catalog;
    private final WindowReader windows;
    private final TimelineReader timelines;
    private final StackSymbols symbols;

    public ProfileQueries(SeriesCatalog catalog, WindowReader windows, TimelineReader timelines, StackSymbols symbols) {
        this.catalog = catalog;
        this.windows = windows;
        this.timelines = timelines;
        this.symbols = symbols;
    }

    /**
     * The tenant's series of {@code type} (all types when null) that match {@code selector}. Its regexes draw on
     * {@code evaluation}, the request's one budget; running out is a {@link SelectorException} naming the parameter.
     */
    public List<SeriesInfo> series(String tenant, ProfileType type, SelectorParameter selector, SelectorEvaluation evaluation)
            throws SQLException {
        Optional<Integer> tenantId = catalog.tenantId(tenant);
        if (tenantId.isEmpty()) {
            return List.of();
        }
        List<SeriesInfo> matching = new ArrayList<>();
        try {
            for (SeriesInfo series : catalog.series(tenantId.get(), type == null ? null : type.id(),
                    selector.selector().equalityValue(LabelSet.SERVICE_NAME).orElse(null))) {
                if (evaluation.matches(selector.selector(), series.labels())) {
                    matching.add(series);
                }
            }
        } catch (SelectorException e) {
            throw new SelectorException("parameter '" + selector.parameter() + "': " + e.getMessage(), e.position());
        }
        return matching;
    }

    /** Those of {@code series} with data in {@code window}. */
    public List<SeriesInfo> withData(List<SeriesInfo> series, QueryWindow window) throws SQLException {
        var present = catalog.withData(ids(series), window.fromMicros(), window.toMicros());
        return series.stream().filter(info -> present.contains(info.id())).toList();
    }

    /** The window of the series {@link #series} selects, merged by the type's aggregation. */
    public MergedWindow merge(String tenant, ProfileType type, SelectorParameter selector, SelectorEvaluation evaluation, QueryWindow window)
            throws SQLException {
        return merge(series(tenant, type, selector, evaluation), type, window);
    }

    /**
     * The window of {@code series} (one tenant's, all of {@code type}), merged by the type's aggregation. For a
     * summed type, every group whose members are all selected is read from its pre-merged group rollups, so the cost
     * does not grow with the number of pods; averaged types need each series' own snapshot count and are read series
     * by series. Both give exactly the merge of the raw rows.
     */
    public MergedWindow merge(List<SeriesInfo> series, ProfileType type, QueryWindow window) throws SQLException {
        if (series.isEmpty()) {
            return new MergedWindow(empty(type, window), 1, 0, 0, ReadStats.NONE);
        }
        int tenantId = series.get(0).tenantId();
        GroupCoverage coverage = type.aggregation() == Aggregation.SUM
                ? catalog.coverage(tenantId, series, window.fromMicros(), window.toMicros()) : GroupCoverage.seriesOnly(series);
        WindowRead read = windows.read(tenantId, coverage.seriesIds(), coverage.groupOfMember(), window.fromMicros(), window.toMicros(),
                Tier.DAY);
        List<SeriesWindow> seriesWindows = new ArrayList<>();
        long snapshots = addWindows(tenantId, read.series(), series, window, seriesWindows);
        snapshots += addWindows(tenantId, read.groups(), coverage.groups(), window, seriesWindows);
        WindowProfile merged = seriesWindows.isEmpty() ? WindowProfile.unscaled(empty(type, window))
                : WindowAggregator.aggregate(type, seriesWindows);
        int seriesWithData = read.series().size() + (read.groups().isEmpty() ? 0 : coverage.activeMembers());
        return new MergedWindow(inWindow(merged.profile(), window), merged.scale(), seriesWithData, snapshots, read.stats());
    }

    /** Resolves the sums of series (or groups) described by {@code infos} into windows; returns their snapshots. */
    private long addWindows(int tenantId, List<SeriesSums> sums, List<SeriesInfo> infos, QueryWindow window, List<SeriesWindow> into)
            throws SQLException {
        if (sums.isEmpty()) {
            return 0;
        }
        Map<Long, SeriesInfo> byId = new HashMap<>();
        infos.forEach(info -> byId.put(info.id(), info));
        List<SeriesProfile> profiles = symbols.profiles(tenantId, sums, byId, window.fromNanos(), window.durationNanos());
        long snapshots = 0;
        for (int i = 0; i < profiles.size(); i++) {
            into.add(new SeriesWindow(profiles.get(i), sums.get(i).snapshots()));
            snapshots += sums.get(i).snapshots();
        }
        return snapshots;
    }

    /** Per-step totals of each matching series. */
    public List<SeriesTimeline> timelines(List<SeriesInfo> series, QueryWindow window, long stepMicros) throws SQLException {
        if (series.isEmpty()) {
            return List.of();
        }
        return timelines.read(series.get(0).tenantId(), ids(series), window.fromMicros(), window.toMicros(), stepMicros);
    }

    /** The merged profile dated as the window: its start, and its length as duration. */
    private static SeriesProfile inWindow(SeriesProfile merged, QueryWindow window) {
        return new SeriesProfile(merged.type(), merged.labels(), window.fromNanos(), window.durationNanos(), merged.period(),
                merged.frames(), merged.stacks(), merged.values());
    }

    private static SeriesProfile empty(ProfileType type, QueryWindow window) {
        return new SeriesProfile(type, LabelSet.EMPTY, window.fromNanos(), window.durationNanos(), 0, new FrameTable(),
                new int[0][], new long[0]);
    }

    private static long[] ids(List<SeriesInfo> series) {
        return series.stream().mapToLong(SeriesInfo::id).toArray();
    }
}
