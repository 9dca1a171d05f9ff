package dev.pyrometer.ingest;

import dev.pyrometer.ingest.support.IngestTestKit;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small heap pprofs written by hand, as Go's heap profile lays them out: sample types alloc_objects,
 * alloc_space, inuse_objects, inuse_space; period space/bytes; stacks given root first as "main;a"; a recent time.
 */
final class HandMadePprof {
    private HandMadePprof() {
    }

    /** Units count, bytes, count, bytes. */
    static byte[] heap(Map<String, long[]> valuesByStack) {
        return withUnits(valuesByStack, "count", "bytes", "count", "bytes");
    }

    /** The four heap sample types with the given units (an empty string leaves the unit empty). */
    static byte[] withUnits(Map<String, long[]> valuesByStack, String... units) {
        List<String> strings = new ArrayList<>(List.of(""));
        PprofProto.Profile.Builder profile = PprofProto.Profile.newBuilder();
        String[] types = {"alloc_objects", "alloc_space", "inuse_objects", "inuse_space"};
        for (int t = 0; t < types.length; t++) {
            profile.addSampleType(PprofProto.ValueType.newBuilder().setType(index(strings, types[t])).setUnit(index(strings, units[t])));
        }
        profile.setPeriodType(PprofProto.ValueType.newBuilder().setType(index(strings, "space")).setUnit(index(strings, "bytes")));
        profile.setPeriod(524288);
        Map<String, Long> functions = new TreeMap<>();
        for (Map.Entry<String, long[]> entry : new TreeMap<>(valuesByStack).entrySet()) {
            String[] frames = entry.getKey().split(";");
            PprofProto.Sample.Builder sample = PprofProto.Sample.newBuilder();
            for (int f = frames.length - 1; f >= 0; f--) {
                String frame = frames[f];
                Long id = functions.get(frame);
                if (id == null) {
                    id = (long) functions.size() + 1;
                    functions.put(frame, id);
                    profile.addFunction(PprofProto.Function.newBuilder().setId(id).setName(index(strings, frame)));
                    profile.addLocation(PprofProto.Location.newBuilder().setId(id).addLine(PprofProto.Line.newBuilder().setFunctionId(id)));
                }
                sample.addLocationId(id);
            }
            for (long value : entry.getValue()) {
                sample.addValue(value);
            }
            profile.addSample(sample);
        }
        // A recent time of its own, for edges without from/until (the Connect push).
        return profile.setTimeNanos(IngestTestKit.recentNanos()).addAllStringTable(strings).build().toByteArray();
    }

    private static long index(List<String> strings, String value) {
        int at = strings.indexOf(value);
        if (at >= 0) {
            return at;
        }
        strings.add(value);
        return strings.size() - 1;
    }
}
