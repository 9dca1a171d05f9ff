package dev.pyrometer.query.insight;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.SyntheticCpu;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet with a planted regression, stored through the project's writer: services {@value #PLANTED_SERVICE},
 * "search" and "billing", two pods each, one 10 s CPU profile per pod per minute ({@link SyntheticCpu}, 25
 * functions, fixed seeds) over {@link #SPAN} in the baseline week and the comparison week. In the comparison
 * week every service has {@link #TRAFFIC} times the traffic, and in {@value #PLANTED_SERVICE} the function
 * {@value #PLANTED} costs {@link #FACTOR} times as much.
 */
public final class FleetSeed {
    public static final String TENANT = "fleet";
    public static final String PLANTED_SERVICE = "checkout";
    public static final String PLANTED = "main.f03";
    public static final List<String> SERVICES = List.of("billing", PLANTED_SERVICE, "search");
    public static final double TRAFFIC = 1.5;
    public static final double FACTOR = 1.3;
    public static final Duration SPAN = Duration.ofHours(2);
    public static final Instant COMPARISON_FROM = Instant.parse("2026-10-14T09:00:00Z");
    public static final Instant COMPARISON_TO = COMPARISON_FROM.plus(SPAN);
    public static final Instant BASELINE_FROM = COMPARISON_FROM.minus(Duration.ofDays(7));

    private FleetSeed() {
    }

    /** Writes the fleet into {@code dataSource} (rows stay raw: no rollup run). */
    public static void write(DataSource dataSource) throws SQLException {
        write(dataSource, SyntheticCpu.defaultNames(25));
    }

    /** As {@link #write(DataSource)}, with the 25 functions named {@code functions} ({@value #PLANTED} must stay 4th). */
    public static void write(DataSource dataSource, List<String> functions) throws SQLException {
        Store store = new Store((com.zaxxer.hikari.HikariDataSource) dataSource);
        SyntheticCpu cpu = new SyntheticCpu(functions, 500);
        List<Upload> uploads = new ArrayList<>();
        for (int week = 0; week < 2; week++) {
            Instant start = week == 0 ? BASELINE_FROM : COMPARISON_FROM;
            for (String service : SERVICES) {
                for (int pod = 0; pod < 2; pod++) {
                    Random random = new Random(31L * (week * 7 + SERVICES.indexOf(service)) + pod);
                    LabelSet labels = Captures.labels("service_name", service, "pod", service + "-" + pod);
                    for (int minute = 0; minute < SPAN.toMinutes(); minute++) {
                        Instant at = start.plusSeconds(60L * minute + 7 + 20 * pod);
                        boolean planted = week == 1 && service.equals(PLANTED_SERVICE);
                        SeriesProfile profile = cpu.snapshot(random, labels, Captures.nanos(at), 10_000_000_000L,
                                week == 1 ? TRAFFIC : 1.0, planted ? PLANTED : null, FACTOR);
                        uploads.add(new Upload(TENANT, service + "-" + pod + "-" + at, List.of(profile)));
                    }
                }
            }
        }
        for (int from = 0; from < uploads.size(); from += 200) {
            assertThat(store.writer().write(uploads.subList(from, Math.min(uploads.size(), from + 200)))).containsOnly(WriteOutcome.STORED);
        }
    }
}
