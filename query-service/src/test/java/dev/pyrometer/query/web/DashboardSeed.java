package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;
import dev.pyrometer.protocol.pprof.PprofProto;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.TestDatabase;
import dev.pyrometer.storage.write.Upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Data for the dashboard's browser tests: the real Go captures stored through the project's writer at times
 * relative to "now", for today and for the same times a week earlier, then rolled up.
 *
 * <p>Service {@value #SERVICE} (pods a and b, env prod) has CPU, heap and goroutine profiles every 10 minutes
 * over the last 6 hours, today and last week. Into every CPU profile two stacks are planted under
 * {@value #HANDLER}: {@value #REGRESSION}, 900 ms per profile today but 30 ms last week (the regression the
 * "last week vs today" diff must show in red), and a function named {@value #XSS_FUNCTION} with the same
 * 400 ms in both weeks (its name must render as text). Service {@value #OTHER_SERVICE} has plain CPU
 * profiles. CPU profiles keep {@value #TOP_FUNCTION} as the hottest function by flat time.
 */
public final class DashboardSeed {
    public static final String SERVICE = "seedapp";
    public static final String OTHER_SERVICE = "billing";
    public static final String CPU_TYPE = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    public static final String TOP_FUNCTION = "main.increase2000";
    public static final String HANDLER = "main.handleSearch";
    public static final String REGRESSION = "main.slowChecksum";
    public static final String XSS_FUNCTION = "<img src=x onerror=alert(1)>";
    public static final Duration SPAN = Duration.ofHours(6);
    public static final Duration EVERY = Duration.ofMinutes(10);
    static final long REGRESSION_TODAY_NANOS = 900_000_000L;
    static final long REGRESSION_LAST_WEEK_NANOS = 30_000_000L;
    static final long XSS_NANOS = 400_000_000L;

    private static final SeriesSplitter SPLITTER = new SeriesSplitter(new SeriesLabelRules(ProfileLimits.defaults()));
    private static final PprofDecoder DECODER = new PprofDecoder(ProfileLimits.defaults());

    private DashboardSeed() {
    }

    /** A new database holding the data, rolled up as of {@code now}. */
    public static HikariDataSource create(Instant now) {
        HikariDataSource dataSource = TestDatabase.create();
        try {
            Store store = new Store(dataSource);
            List<Upload> uploads = new ArrayList<>();
            for (int week = 0; week <= 1; week++) {
                Instant end = now.minus(Duration.ofDays(7L * week));
                int slot = 0;
                for (Instant at = end.minus(SPAN).plus(EVERY.dividedBy(2)); at.isBefore(end); at = at.plus(EVERY), slot++) {
                    int round = slot % Fixtures.ROUNDS + 1;
                    String pod = slot % 2 == 0 ? "a" : "b";
                    LabelSet labels = Captures.labels("service_name", SERVICE, "env", "prod", "pod", SERVICE + "-" + pod);
                    long regression = week == 0 ? REGRESSION_TODAY_NANOS : REGRESSION_LAST_WEEK_NANOS;
                    uploads.add(upload(split(planted("cpu-" + round + ".pb.gz", regression), labels, at)));
                    uploads.add(upload(Captures.split("heap-" + round + ".pb.gz", labels, Captures.nanos(at))));
                    uploads.add(upload(Captures.split("goroutine-" + round + ".pb.gz", labels, Captures.nanos(at))));
                    uploads.add(upload(Captures.split("cpu-" + round + ".pb.gz", OTHER_SERVICE, at)));
                }
            }
            for (int from = 0; from < uploads.size(); from += 100) {
                store.writer().write(uploads.subList(from, Math.min(uploads.size(), from + 100)));
            }
            RollupJob rollup = new RollupJob(dataSource, Duration.ZERO, 100_000);
            for (int run = 0; run < 5 && rollup.runOnce(now) > 0; run++) {
                // each run rolls the tier above what the previous one wrote
            }
            return dataSource;
        } catch (SQLException e) {
            dataSource.close();
            throw new IllegalStateException("cannot seed the dashboard test database", e);
        }
    }

    private static int uploadCounter;

    private static Upload upload(List<SeriesProfile> series) {
        return new Upload(Store.TENANT, "dashboard-" + (++uploadCounter), series);
    }

    private static List<SeriesProfile> split(byte[] gzipped, LabelSet labels, Instant at) {
        try {
            return SPLITTER.split(DECODER.decode(gzipped), new UploadContext(labels, null, Captures.nanos(at), 0, 0));
        } catch (InvalidProfileException e) {
            throw new AssertionError("planted capture does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * A CPU capture with two stacks added: {@code REGRESSION ← HANDLER} worth {@code regressionNanos} and
     * {@code XSS_FUNCTION ← HANDLER} worth {@link #XSS_NANOS}; gzipped as Go serves it.
     */
    static byte[] planted(String capture, long regressionNanos) {
        PprofProto.Profile.Builder profile = Fixtures.proto(capture).toBuilder();
        long period = profile.getPeriod();
        long nextFunction = profile.getFunctionList().stream().mapToLong(PprofProto.Function::getId).max().orElse(0) + 1;
        long nextLocation = profile.getLocationList().stream().mapToLong(PprofProto.Location::getId).max().orElse(0) + 1;
        long file = string(profile, "/src/seedapp/search.go");
        long handler = location(profile, nextFunction, nextLocation, string(profile, HANDLER), file, 40);
        long regression = location(profile, nextFunction + 1, nextLocation + 1, string(profile, REGRESSION), file, 73);
        long xss = location(profile, nextFunction + 2, nextLocation + 2, string(profile, XSS_FUNCTION), file, 91);
        profile.addSample(sample(profile, List.of(regression, handler), regressionNanos, period));
        profile.addSample(sample(profile, List.of(xss, handler), XSS_NANOS, period));
        return gzip(profile.build().toByteArray());
    }

    private static long location(PprofProto.Profile.Builder profile, long functionId, long locationId, long name, long file, long line) {
        profile.addFunction(PprofProto.Function.newBuilder().setId(functionId).setName(name).setSystemName(name).setFilename(file).setStartLine(line));
        profile.addLocation(PprofProto.Location.newBuilder().setId(locationId)
                .addLine(PprofProto.Line.newBuilder().setFunctionId(functionId).setLine(line + 3)));
        return locationId;
    }

    /** Values in sample-type order: nanoseconds as given, counts as nanoseconds / period. */
    private static PprofProto.Sample sample(PprofProto.Profile.Builder profile, List<Long> locations, long nanos, long period) {
        PprofProto.Sample.Builder sample = PprofProto.Sample.newBuilder().addAllLocationId(locations);
        for (PprofProto.ValueType type : profile.getSampleTypeList()) {
            String unit = profile.getStringTable((int) type.getUnit());
            sample.addValue(unit.equals("nanoseconds") ? nanos : nanos / period);
        }
        return sample.build();
    }

    private static long string(PprofProto.Profile.Builder profile, String text) {
        int known = profile.getStringTableList().indexOf(text);
        if (known >= 0) {
            return known;
        }
        profile.addStringTable(text);
        return profile.getStringTableCount() - 1;
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
