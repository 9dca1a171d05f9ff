package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.protocol.pprof.PprofProto;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JfrConverterTest {
    private static final ProfileLimits LIMITS = ProfileLimits.defaults();

    /** "name:type:unit:periodType:periodUnit{labels}" → total, for every sample type of every profile. */
    static Map<String, Long> totals(List<JfrProfile> profiles) throws Exception {
        Map<String, Long> totals = new TreeMap<>();
        for (JfrProfile profile : profiles) {
            new PprofDecoder(LIMITS).decode(profile.pprof());
            PprofProto.Profile p = PprofProto.Profile.parseFrom(profile.pprof());
            for (int t = 0; t < p.getSampleTypeCount(); t++) {
                long sum = 0;
                for (PprofProto.Sample s : p.getSampleList()) {
                    sum += s.getValue(t);
                }
                String type = profile.profileName() + ":" + p.getStringTable((int) p.getSampleType(t).getType()) + ":"
                        + p.getStringTable((int) p.getSampleType(t).getUnit()) + ":"
                        + p.getStringTable((int) p.getPeriodType().getType()) + ":"
                        + p.getStringTable((int) p.getPeriodType().getUnit()) + profile.labels();
                totals.merge(type, sum, Long::sum);
            }
        }
        return totals;
    }

    /** The leaf function with the most value of the first sample type. */
    static String topLeaf(JfrProfile profile) throws Exception {
        PprofProto.Profile p = PprofProto.Profile.parseFrom(profile.pprof());
        Map<String, Long> byLeaf = new TreeMap<>();
        for (PprofProto.Sample s : p.getSampleList()) {
            if (s.getLocationIdCount() == 0) {
                continue;
            }
            PprofProto.Location loc = p.getLocation((int) s.getLocationId(0) - 1);
            PprofProto.Function fn = p.getFunction((int) loc.getLine(0).getFunctionId() - 1);
            byLeaf.merge(p.getStringTable((int) fn.getName()), s.getValue(0), Long::sum);
        }
        return byLeaf.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    @Test
    void cpuRecordingMapsEveryEventToPyroscopesTypesWithDynamicLabels() throws Exception {
        CapturedUpload upload = CapturedUpload.load("cpu-alloc-lock-1");
        List<JfrProfile> profiles = new JfrConverter(LIMITS).convert(upload.part("jfr"), upload.part("labels"), 100);

        // 409 jdk.ExecutionSample × 10 ms; 3071 jdk.ObjectAllocationInNewTLAB; 166 monitor enters; 26 parks
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("block:contentions:count:block:count{}", 26L),
                Map.entry("block:delay:nanoseconds:block:count{}", 79338408L),
                Map.entry("memory:alloc_in_new_tlab_bytes:bytes:space:bytes{workload=\"alloc\"}", 1606942720L),
                Map.entry("memory:alloc_in_new_tlab_bytes:bytes:space:bytes{}", 3145728L),
                Map.entry("memory:alloc_in_new_tlab_objects:count:space:bytes{workload=\"alloc\"}", 3065L),
                Map.entry("memory:alloc_in_new_tlab_objects:count:space:bytes{}", 6L),
                Map.entry("mutex:contentions:count:mutex:count{}", 166L),
                Map.entry("mutex:delay:nanoseconds:mutex:count{}", 3715328817L),
                Map.entry("process_cpu:cpu:nanoseconds:cpu:nanoseconds{workload=\"alloc\"}", 30000000L),
                Map.entry("process_cpu:cpu:nanoseconds:cpu:nanoseconds{workload=\"hot\"}", 3950000000L),
                Map.entry("process_cpu:cpu:nanoseconds:cpu:nanoseconds{}", 110000000L))), totals(profiles));
        assertEquals("PyroscopeWorkload.burnCpu", topLeaf(find(profiles, "process_cpu", "{workload=\"hot\"}")));
        assertEquals("PyroscopeWorkload.allocate", topLeaf(find(profiles, "memory", "{workload=\"alloc\"}")));
        assertEquals("PyroscopeWorkload.holdMonitor", topLeaf(find(profiles, "mutex", "{}")));
        assertEquals("jdk/internal/misc/Unsafe.park", topLeaf(find(profiles, "block", "{}")));
    }

    @Test
    void wallRecordingYieldsWallAndRunnableCpu() throws Exception {
        CapturedUpload upload = CapturedUpload.load("wall-alloc-lock");
        Map<String, Long> totals = totals(new JfrConverter(LIMITS).convert(upload.part("jfr"), upload.part("labels"), 100));

        assertEquals(4080000000L, totals.get("wall:wall:nanoseconds:wall:nanoseconds{workload=\"hot\"}"));
        assertEquals(3960000000L, totals.get("process_cpu:cpu:nanoseconds:cpu:nanoseconds{workload=\"hot\"}"));
        assertEquals(106470000000L, totals.get("wall:wall:nanoseconds:wall:nanoseconds{}"));
    }

    @Test
    void periodComesFromTheRecordingWhenTheRequestGivesNoRate() throws Exception {
        CapturedUpload upload = CapturedUpload.load("cpu-alloc-lock-2");
        Map<String, Long> at100Hz = totals(new JfrConverter(LIMITS).convert(upload.part("jfr"), upload.part("labels"), 100));
        Map<String, Long> fromSettings = totals(new JfrConverter(LIMITS).convert(upload.part("jfr"), upload.part("labels"), 0));

        assertEquals(at100Hz, fromSettings);
        assertEquals(4640000000L, at100Hz.get("process_cpu:cpu:nanoseconds:cpu:nanoseconds{workload=\"hot\"}"));
    }

    @Test
    void withoutLabelsEverythingIsOneLabelSet() throws Exception {
        CapturedUpload upload = CapturedUpload.load("cpu-alloc-lock-1");
        Map<String, Long> totals = totals(new JfrConverter(LIMITS).convert(upload.part("jfr"), null, 100));

        assertEquals(4090000000L, totals.get("process_cpu:cpu:nanoseconds:cpu:nanoseconds{}"));
        assertEquals(3071L, totals.get("memory:alloc_in_new_tlab_objects:count:space:bytes{}"));
    }

    private static JfrProfile find(List<JfrProfile> profiles, String name, String labels) {
        return profiles.stream().filter(p -> p.profileName().equals(name) && p.labels().toString().equals(labels))
                .findFirst().orElseThrow();
    }
}
