package dev.pyrometer.query.support;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.write.Upload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-made snapshots with known totals and durations for timeline tests, placed from an anchor time
 * (a whole minute):
 * <ul>
 * <li>{@value #FLAT}: a flat load of half a core, {@value #FLAT_PROFILES} CPU profiles of 9 s back to back
 * from the anchor, each {@value #FLAT_TOTAL} ns;</li>
 * <li>{@value #STEPPED}: CPU profiles of 9 s back to back over the same span, a quarter of a core in the
 * first half and a whole core in the second;</li>
 * <li>{@value #SPREAD}: one CPU profile of 9 s from anchor + 5 s, {@value #SPREAD_TOTAL} ns;</li>
 * <li>{@value #AVERAGE}: goroutine snapshots (no duration) of pod a at +1 s, +4 s, +7 s (10, 20, 33) and
 * +12 s (5), of pod b at +2 s (7).</li>
 * </ul>
 */
public final class TimelineSeed {
    public static final String FLAT = "flat-load";
    public static final String STEPPED = "stepped-load";
    public static final String SPREAD = "spread";
    public static final String AVERAGE = "average";
    public static final int FLAT_PROFILES = 40;
    public static final long FLAT_TOTAL = 4_500_000_000L;
    public static final long SPREAD_TOTAL = 9_000_000_000L;
    public static final Duration PROFILE = Duration.ofSeconds(9);
    /** The span the flat and stepped loads cover: 40 profiles of 9 s, 6 minutes. */
    public static final Duration SPAN = PROFILE.multipliedBy(FLAT_PROFILES);

    private static final ProfileType CPU = ProfileType.parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    private static final ProfileType GOROUTINE = ProfileType.parse("goroutine:goroutine:count:goroutine:count");

    private TimelineSeed() {
    }

    /** The uploads, in the default tenant. */
    public static List<Upload> uploads(Instant anchor) {
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < FLAT_PROFILES; i++) {
            Instant at = anchor.plus(PROFILE.multipliedBy(i));
            uploads.add(upload(FLAT + "-" + i, one(CPU, "flat", FLAT, "a", at, PROFILE, FLAT_TOTAL)));
            long stepped = i < FLAT_PROFILES / 2 ? FLAT_TOTAL / 2 : FLAT_TOTAL * 2;
            uploads.add(upload(STEPPED + "-" + i, one(CPU, "stepped", STEPPED, "a", at, PROFILE, stepped)));
        }
        uploads.add(upload(SPREAD, one(CPU, "spread", SPREAD, "a", anchor.plusSeconds(5), PROFILE, SPREAD_TOTAL)));
        int[][] goroutines = {{1, 10}, {4, 20}, {7, 33}, {12, 5}};
        for (int[] snapshot : goroutines) {
            uploads.add(upload(AVERAGE + "-a-" + snapshot[0],
                    one(GOROUTINE, "park", AVERAGE, "a", anchor.plusSeconds(snapshot[0]), Duration.ZERO, snapshot[1])));
        }
        uploads.add(upload(AVERAGE + "-b-2", one(GOROUTINE, "park", AVERAGE, "b", anchor.plusSeconds(2), Duration.ZERO, 7)));
        return uploads;
    }

    private static Upload upload(String id, SeriesProfile profile) {
        return new Upload(Store.TENANT, "timeline-seed-" + id, List.of(profile));
    }

    /** A snapshot holding one stack, {@code main.<function>}, worth {@code total}. */
    private static SeriesProfile one(ProfileType type, String function, String service, String pod, Instant at, Duration duration, long total) {
        FrameTable frames = new FrameTable();
        int frame = frames.intern(new Frame("main." + function, "/src/load/" + function + ".go", 12));
        LabelSet labels = Captures.labels("service_name", service, "pod", pod);
        return new SeriesProfile(type, labels, Captures.nanos(at), duration.toNanos(), type == CPU ? 10_000_000L : 1,
                frames, new int[][] {{frame}}, new long[] {total});
    }
}
