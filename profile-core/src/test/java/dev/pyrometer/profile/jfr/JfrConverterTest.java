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
    void printsCaptured() throws Exception {
        for (String name : List.of("cpu-alloc-lock-1", "cpu-alloc-lock-2", "wall-alloc-lock")) {
            CapturedUpload upload = CapturedUpload.load(name);
            List<JfrProfile> profiles = new JfrConverter(LIMITS).convert(upload.part("jfr"), upload.part("labels"), 100);
            System.out.println(name + " " + totals(profiles));
            for (JfrProfile p : profiles) {
                System.out.println("  " + p.profileName() + p.labels() + " top " + topLeaf(p));
            }
        }
    }
}
