package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.protocol.pprof.PprofProto;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stacks deeper than maxStackDepth (async-profiler records up to 2048 frames) keep their leaf side. */
class JfrConverterDeepStackTest {
    private static final ProfileLimits LIMITS = ProfileLimits.defaults();

    @Test
    void a2048FrameStackKeepsItsLeafMost1023FramesUnderOneTruncatedRoot() throws Exception {
        JfrTestRecording recording = new JfrTestRecording(2048);
        int deep = recording.stack(IntStream.range(0, 2048).toArray());
        int exact = recording.stack(IntStream.range(0, 1024).map(i -> 2047 - i).toArray());
        int shallow = recording.stack(5, 6, 7);
        recording.samples(deep, 3).samples(exact, 2).samples(shallow, 1);

        List<JfrProfile> profiles = new JfrConverter(LIMITS).convert(recording.bytes(), null, 100);

        assertEquals(1, profiles.size());
        assertEquals("process_cpu", profiles.get(0).profileName());
        new PprofDecoder(LIMITS).decode(profiles.get(0).pprof());
        PprofProto.Profile p = PprofProto.Profile.parseFrom(profiles.get(0).pprof());
        assertEquals(3, p.getSampleCount());

        List<String> truncated = functions(p, p.getSample(0));
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 1023).forEach(i -> expected.add("demo/Work.m" + i));
        expected.add("[truncated]");
        assertEquals(expected, truncated);
        assertEquals(List.of(30_000_000L), p.getSample(0).getValueList());

        List<String> whole = functions(p, p.getSample(1));
        assertEquals(1024, whole.size());
        assertEquals("demo/Work.m2047", whole.get(0));
        assertEquals("demo/Work.m1024", whole.get(1023));
        assertEquals(List.of(20_000_000L), p.getSample(1).getValueList());

        assertEquals(List.of("demo/Work.m5", "demo/Work.m6", "demo/Work.m7"), functions(p, p.getSample(2)));
        assertEquals(List.of(10_000_000L), p.getSample(2).getValueList());
    }

    @Test
    void aTighterDepthLimitTruncatesTheCapturedRecordingWithoutChangingItsTotals() throws Exception {
        CapturedUpload upload = CapturedUpload.load("cpu-alloc-lock-1");
        ProfileLimits shallow = new ProfileLimits(4 << 20, 32 << 20, 200_000, 8, 32, 128, 1024);

        List<JfrProfile> whole = new JfrConverter(LIMITS).convert(upload.part("jfr"), upload.part("labels"), 100);
        List<JfrProfile> cut = new JfrConverter(shallow).convert(upload.part("jfr"), upload.part("labels"), 100);

        assertEquals(JfrConverterTest.totals(whole), JfrConverterTest.totals(cut));
        int truncatedSamples = 0;
        for (JfrProfile profile : cut) {
            PprofProto.Profile p = PprofProto.Profile.parseFrom(profile.pprof());
            for (PprofProto.Sample sample : p.getSampleList()) {
                List<String> names = functions(p, sample);
                assertEquals(true, names.size() <= 8, names.toString());
                if (names.contains("[truncated]")) {
                    assertEquals("[truncated]", names.get(names.size() - 1));
                    truncatedSamples++;
                }
            }
        }
        assertEquals(true, truncatedSamples > 0);
    }

    private static List<String> functions(PprofProto.Profile p, PprofProto.Sample sample) {
        List<String> names = new ArrayList<>();
        for (long id : sample.getLocationIdList()) {
            PprofProto.Location location = p.getLocation((int) id - 1);
            PprofProto.Function function = p.getFunction((int) location.getLine(0).getFunctionId() - 1);
            names.add(p.getStringTable((int) function.getName()));
        }
        return names;
    }
}
