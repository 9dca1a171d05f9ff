package dev.pyrometer.query.pyroscope;

import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelPair;
import dev.pyrometer.protocol.pyroscope.types.v1.Point;
import dev.pyrometer.protocol.pyroscope.types.v1.Series;
import dev.pyrometer.protocol.pyroscope.types.v1.TimeSeriesAggregationType;
import dev.pyrometer.storage.query.SeriesInfo;
import dev.pyrometer.storage.query.SeriesTimeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SelectSeries' answer from stored per-step totals (stacks are never decoded). Series are grouped by the values of
 * the {@code group_by} labels (a missing label groups as ""); a group's series carries those labels. Per step
 * {@code [start + k·step, start + (k+1)·step)}, with the snapshots dated in it:
 * <ul>
 *   <li>{@code SUM} of a summed type (cpu, alloc_*, contentions, delay): the snapshots' totals added, as Pyroscope
 *       adds the profiles of a step;</li>
 *   <li>{@code SUM} of an averaged type (inuse_*, goroutine): each series' mean over its snapshots in the step,
 *       added over the series, as {@code /api/v1/timeline} answers, so a pod scraped six times in a step counts
 *       once (Pyroscope adds the six);</li>
 *   <li>{@code AVERAGE}: the snapshots' totals added and divided by their number.</li>
 * </ul>
 * A step without snapshots has no point. Values are not rounded. Groups are sorted by their label values; with a
 * {@code limit}, only that many groups with the largest sums of points are kept.
 */
final class SeriesPoints {
    private SeriesPoints() {
    }

    static List<Series> of(ProfileType type, List<String> groupBy, Map<Long, SeriesInfo> byId, List<SeriesTimeline> timelines,
                           TimeSeriesAggregationType aggregation, long startMs, long stepMs, int points, long limit) {
        Map<List<String>, List<SeriesTimeline>> groups = new TreeMap<>(Comparator.comparing(Object::toString));
        for (SeriesTimeline timeline : timelines) {
            SeriesInfo info = byId.get(timeline.seriesId());
            List<String> key = groupBy.stream().map(name -> {
                String value = info.labels().get(name);
                return value == null ? "" : value;
            }).toList();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(timeline);
        }
        List<Series> result = new ArrayList<>();
        groups.forEach((key, members) -> {
            Series.Builder series = Series.newBuilder();
            for (int i = 0; i < groupBy.size(); i++) {
                series.addLabels(LabelPair.newBuilder().setName(groupBy.get(i)).setValue(key.get(i)));
            }
            Double[] values = values(type, members, aggregation, points);
            for (int k = 0; k < points; k++) {
                if (values[k] != null) {
                    series.addPoints(Point.newBuilder().setTimestamp(startMs + k * stepMs).setValue(values[k]));
                }
            }
            result.add(series.build());
        });
        if (limit > 0 && result.size() > limit) {
            List<Series> largest = new ArrayList<>(result);
            largest.sort(Comparator.comparingDouble(SeriesPoints::sum).reversed());
            List<Series> kept = largest.subList(0, (int) limit);
            return result.stream().filter(kept::contains).toList();
        }
        return result;
    }

    private static Double[] values(ProfileType type, List<SeriesTimeline> members, TimeSeriesAggregationType aggregation, int points) {
        Double[] values = new Double[points];
        boolean average = aggregation == TimeSeriesAggregationType.TIME_SERIES_AGGREGATION_TYPE_AVERAGE;
        boolean meanPerSeries = !average && type.aggregation() == Aggregation.AVERAGE;
        for (int k = 0; k < points; k++) {
            double sum = 0;
            long snapshots = 0;
            for (SeriesTimeline timeline : members) {
                if (k < timeline.snapshots().length && timeline.snapshots()[k] > 0) {
                    sum += meanPerSeries ? (double) timeline.totals()[k] / timeline.snapshots()[k] : timeline.totals()[k];
                    snapshots += timeline.snapshots()[k];
                }
            }
            if (snapshots > 0) {
                values[k] = average ? sum / snapshots : sum;
            }
        }
        return values;
    }

    private static double sum(Series series) {
        return series.getPointsList().stream().mapToDouble(Point::getValue).sum();
    }
}
