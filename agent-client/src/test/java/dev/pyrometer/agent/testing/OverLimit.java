package dev.pyrometer.agent.testing;

import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real Go captures changed just enough to break one of ingest-service's default limits
 * ({@code pyrometer.limits.*}: 200,000 samples, 1,024 frames per stack, 32 labels per series),
 * each with the message the server answers. The captures' own times are old; callers give the
 * profiles a current window.
 */
public enum OverLimit {
    /** cpu-2 with its samples repeated to 200,001. */
    TOO_MANY_SAMPLES("pprof has 200001 samples, more than the limit of 200000") {
        @Override
        public byte[] pprof() {
            PprofProto.Profile capture = Fixtures.proto(CAPTURE);
            List<PprofProto.Sample> samples = capture.getSampleList();
            PprofProto.Profile.Builder profile = capture.toBuilder().clearSample();
            for (int i = 0; i < 200_001; i++) {
                profile.addSample(samples.get(i % samples.size()));
            }
            return PprofCodec.encode(profile.build());
        }
    },
    /** cpu-2 whose first sample's stack is 1,025 frames: locations of one line each, repeated. */
    STACK_TOO_DEEP("sample 0 has a stack of 1025 frames, more than the limit of 1024") {
        @Override
        public byte[] pprof() {
            PprofProto.Profile capture = Fixtures.proto(CAPTURE);
            List<Long> singleLine = capture.getLocationList().stream()
                    .filter(location -> location.getLineCount() == 1).map(PprofProto.Location::getId).toList();
            PprofProto.Sample.Builder deep = capture.getSample(0).toBuilder().clearLocationId();
            for (int i = 0; i < 1025; i++) {
                deep.addLocationId(singleLine.get(i % singleLine.size()));
            }
            return PprofCodec.encode(capture.toBuilder().setSample(0, deep).build());
        }
    },
    /** cpu-2 as it is; {@link #labels} gives it service_name and 32 more labels. */
    TOO_MANY_LABELS("series has 33 labels, more than the limit of 32") {
        @Override
        public byte[] pprof() {
            return Fixtures.bytes(CAPTURE);
        }

        @Override
        public Map<String, String> labels(String service) {
            Map<String, String> labels = new LinkedHashMap<>(super.labels(service));
            for (int i = 1; i <= 32; i++) {
                labels.put("extra_" + i, "v" + i);
            }
            return labels;
        }
    };

    private static final String CAPTURE = "cpu-2.pb.gz";

    private final String problem;

    OverLimit(String problem) {
        this.problem = problem;
    }

    /** The gzipped pprof. */
    public abstract byte[] pprof();

    /** The series labels to push it with. */
    public Map<String, String> labels(String service) {
        return Map.of("service_name", service);
    }

    /** What the server says about it, as in its INVALID_ARGUMENT description. */
    public String problem() {
        return problem;
    }
}
