package dev.pyrometer.query.pyroscope;

import dev.pyrometer.profile.diff.DiffFlamebearer;
import dev.pyrometer.profile.flamegraph.Flamebearer;
import dev.pyrometer.protocol.pyroscope.querier.v1.FlameGraph;
import dev.pyrometer.protocol.pyroscope.querier.v1.FlameGraphDiff;
import dev.pyrometer.protocol.pyroscope.querier.v1.Level;

import java.util.List;

/**
 * Pyroscope's flame graphs carry integers, while a window of an instant type holds exact averages in units of
 * {@code 1/scale} (see {@link dev.pyrometer.query.service.MergedWindow}). Every number is rounded half up on its
 * own ({@code floor(x + ½)}): offsets, totals, selfs, the total and max self. A summed window (scale 1) is exact;
 * an averaged one may be off by half a unit per number, so a node's children may add up to a unit more or less
 * than it. Name indexes are never scaled.
 */
final class WholeUnits {
    private WholeUnits() {
    }

    /** {@code scaled / scale} rounded half up. */
    static long of(long scaled, long scale) {
        return scale == 1 ? scaled : Math.floorDiv(Math.addExact(Math.multiplyExact(scaled, 2), scale), 2 * scale);
    }

    static FlameGraph flameGraph(Flamebearer flamebearer, long scale) {
        FlameGraph.Builder graph = FlameGraph.newBuilder().addAllNames(flamebearer.names())
                .setTotal(of(flamebearer.numTicks(), scale)).setMaxSelf(of(flamebearer.maxSelf(), scale));
        addLevels(flamebearer.levels(), 4, scale, graph::addLevels);
        return graph.build();
    }

    static FlameGraphDiff flameGraphDiff(DiffFlamebearer flamebearer, long scale) {
        FlameGraphDiff.Builder graph = FlameGraphDiff.newBuilder().addAllNames(flamebearer.names())
                .setTotal(of(flamebearer.numTicks(), scale)).setMaxSelf(of(flamebearer.maxSelf(), scale))
                .setLeftTicks(of(flamebearer.leftTicks(), scale)).setRightTicks(of(flamebearer.rightTicks(), scale));
        addLevels(flamebearer.levels(), 7, scale, graph::addLevels);
        return graph.build();
    }

    private static void addLevels(List<long[]> levels, int width, long scale, java.util.function.Consumer<Level> sink) {
        for (long[] level : levels) {
            Level.Builder values = Level.newBuilder();
            for (int i = 0; i < level.length; i++) {
                values.addValues(i % width == width - 1 ? level[i] : of(level[i], scale));
            }
            sink.accept(values.build());
        }
    }
}
