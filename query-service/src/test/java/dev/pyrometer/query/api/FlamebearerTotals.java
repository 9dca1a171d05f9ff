package dev.pyrometer.query.api;

import dev.pyrometer.query.support.PprofTop;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a flamebearer says per function, as integers: the functions of its nodes with a non-zero total and
 * the sum of their self values (pprof's flat), each value multiplied by {@code factor} and rounded (exact for
 * averages, which are an integer divided by the snapshot count). The root node ("total") is left out.
 */
record FlamebearerTotals(Set<String> functions, Map<String, Long> flat) {

    /**
     * @param width  numbers per node (4 for a single flamebearer, 7 for a diff)
     * @param side   offset of the side's {@code [x, total, self]} within a node (0, or 3 for a diff's right side)
     */
    static FlamebearerTotals of(JsonNode flamebearer, int width, int side, int factor) {
        JsonNode names = flamebearer.get("names");
        Set<String> functions = new TreeSet<>();
        Map<String, Long> flat = new TreeMap<>();
        JsonNode levels = flamebearer.get("levels");
        for (int depth = 1; depth < levels.size(); depth++) {
            JsonNode level = levels.get(depth);
            for (int node = 0; node < level.size(); node += width) {
                String name = names.get(level.get(node + width - 1).asInt()).asString();
                long total = GoldenQueryTest.times(level.get(node + side + 1), factor);
                long self = GoldenQueryTest.times(level.get(node + side + 2), factor);
                if (total != 0) {
                    functions.add(name);
                }
                if (self != 0) {
                    flat.merge(name, self, Long::sum);
                }
            }
        }
        return new FlamebearerTotals(functions, flat);
    }

    /** The same of a pprof table: every function listed, and the non-zero flat values. */
    static FlamebearerTotals of(PprofTop top) {
        Set<String> functions = new TreeSet<>();
        Map<String, Long> flat = new TreeMap<>();
        top.rows().forEach(row -> {
            functions.add(row.function());
            if (row.flat() != 0) {
                flat.put(row.function(), row.flat());
            }
        });
        return new FlamebearerTotals(functions, flat);
    }
}
