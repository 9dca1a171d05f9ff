package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;
import dev.pyrometer.protocol.pprof.PprofProto;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.write.Upload;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Goroutine profiles between two windows, "before" = [now − 2 h, now − 1 h) and "after" = [now − 1 h, now),
 * six snapshots each (every 10 minutes), with the same goroutine counts in every snapshot of a window:
 *
 * <ul>
 *   <li>{@value #LEAK_SERVICE}: a leak that keeps every share. {@value #LEAKER} 100 → 282 and
 *       {@value #HANDLER} 50 → 141 goroutines, so the total grows 150 → 423 (+182 %) while each stack's share
 *       stays the same (2/3 and 1/3);</li>
 *   <li>{@value #CHURN_SERVICE}: {@value #WORKER} 100 → 1200 (+1100), {@value #CACHE} 400 → 0 (−400, gone),
 *       {@value #HANDLER} 50 → 350 (+300). By signed change the −400 would sort below +300; by size it is
 *       second.</li>
 * </ul>
 * Every stack is rooted at {@value #MAIN}.
 */
final class GoroutineShiftSeed {
    static final String TYPE = "goroutine:goroutine:count:goroutine:count";
    static final String LEAK_SERVICE = "goleak";
    static final String CHURN_SERVICE = "churn";
    static final String MAIN = "main.main";
    static final String LEAKER = "main.leakyWorker";
    static final String HANDLER = "main.handle";
    static final String WORKER = "main.worker";
    static final String CACHE = "main.cacheWarm";
    static final Duration WINDOW = Duration.ofHours(1);
    static final Duration EVERY = Duration.ofMinutes(10);

    private static final SeriesSplitter SPLITTER = new SeriesSplitter(new SeriesLabelRules(ProfileLimits.defaults()));
    private static final PprofDecoder DECODER = new PprofDecoder(ProfileLimits.defaults());

    private GoroutineShiftSeed() {
    }

    /** Writes both services into {@code database} relative to {@code now}, then rolls up as of {@code now}. */
    static void write(HikariDataSource database, Instant now) {
        List<Upload> uploads = new ArrayList<>();
        Instant before = now.minus(WINDOW.multipliedBy(2));
        Instant after = now.minus(WINDOW);
        int n = 0;
        for (Instant at = before.plus(EVERY.dividedBy(2)); at.isBefore(now); at = at.plus(EVERY)) {
            boolean late = !at.isBefore(after);
            Map<String, Long> leak = new LinkedHashMap<>();
            leak.put(LEAKER, late ? 282L : 100L);
            leak.put(HANDLER, late ? 141L : 50L);
            Map<String, Long> churn = new LinkedHashMap<>();
            churn.put(WORKER, late ? 1200L : 100L);
            if (!late) {
                churn.put(CACHE, 400L);
            }
            churn.put(HANDLER, late ? 350L : 50L);
            uploads.add(new Upload(Store.TENANT, "goroutine-shift-" + (++n), split(profile(leak, at), LEAK_SERVICE, at)));
            uploads.add(new Upload(Store.TENANT, "goroutine-shift-" + (++n), split(profile(churn, at), CHURN_SERVICE, at)));
        }
        try {
            new Store(database).writer().write(uploads);
            RollupJob rollup = new RollupJob(database, Duration.ZERO, 100_000);
            for (int run = 0; run < 5 && rollup.runOnce(now) > 0; run++) {
                // each run rolls the tier above what the previous one wrote
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the goroutine profiles", e);
        }
    }

    /** One goroutine profile: per leaf function, a stack leaf ← {@value #MAIN} with that many goroutines. */
    private static PprofProto.Profile profile(Map<String, Long> leaves, Instant at) {
        PprofProto.Profile.Builder p = PprofProto.Profile.newBuilder().addStringTable("");
        long goroutine = string(p, "goroutine");
        long count = string(p, "count");
        p.addSampleType(PprofProto.ValueType.newBuilder().setType(goroutine).setUnit(count));
        p.setPeriodType(PprofProto.ValueType.newBuilder().setType(goroutine).setUnit(count)).setPeriod(1);
        p.setTimeNanos(Captures.nanos(at));
        long main = location(p, MAIN);
        for (Map.Entry<String, Long> leaf : leaves.entrySet()) {
            p.addSample(PprofProto.Sample.newBuilder().addLocationId(location(p, leaf.getKey())).addLocationId(main).addValue(leaf.getValue()));
        }
        return p.build();
    }

    private static long location(PprofProto.Profile.Builder p, String function) {
        long id = p.getFunctionCount() + 1;
        long name = string(p, function);
        p.addFunction(PprofProto.Function.newBuilder().setId(id).setName(name).setSystemName(name).setFilename(string(p, "/src/main.go")));
        p.addLocation(PprofProto.Location.newBuilder().setId(id).addLine(PprofProto.Line.newBuilder().setFunctionId(id).setLine(10 + id)));
        return id;
    }

    private static long string(PprofProto.Profile.Builder p, String text) {
        int known = p.getStringTableList().indexOf(text);
        if (known >= 0) {
            return known;
        }
        p.addStringTable(text);
        return p.getStringTableCount() - 1;
    }

    private static List<SeriesProfile> split(PprofProto.Profile profile, String service, Instant at) {
        LabelSet labels = Captures.labels("service_name", service);
        try {
            return SPLITTER.split(DECODER.decode(profile.toByteArray()), new UploadContext(labels, null, Captures.nanos(at), 0, 0));
        } catch (InvalidProfileException e) {
            throw new AssertionError("the goroutine profile does not decode: " + e.getMessage(), e);
        }
    }
}
