package dev.pyrometer.query.api;

import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.payload.PayloadHeader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.GOROUTINE;
import static dev.pyrometer.query.support.QueryFixture.TIMELINE_P1_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Timelines of service "timeline" (pod p1 every 10 s from 09:55 to 10:14:50, pod p2 every 20 s from 10:00
 * to 10:09:40, and a late p2 row at 10:03:05 whose minute is still pending): per step, the stored totals
 * read straight from the database here, as a rate per second for cpu and averaged per series for goroutine; with
 * {@code groupBy=pod}, one line per pod.
 */
class TimelineTest extends RunningQueryService {
    private static final Instant FROM = TIMELINE_P1_START;
    private static final Instant TO = TIMELINE_P1_START.plus(Duration.ofMinutes(20));
    private static final long STEP = 300;

    @Test
    void overRolledUpStepsEachBucketCountsInItsStepAsARatePerSecond() throws Exception {
        Map<String, long[][]> stored = stored(CPU, FROM, 4);
        JsonNode answer = timeline(CPU, null, "5m");

        assertThat(answer.get("start").asLong()).isEqualTo(FROM.toEpochMilli());
        assertThat(answer.get("step").asLong()).isEqualTo(STEP);
        assertThat(answer.get("aggregation").asString()).isEqualTo("sum");
        assertThat(answer.get("measure").asString()).isEqualTo("rate");
        assertThat(answer.get("unit").asString()).isEqualTo("nanoseconds");
        assertThat(answer.get("valueUnit").asString()).isEqualTo("nanoseconds per second");
        assertThat(answer.get("lines")).hasSize(1);
        assertThat(answer.at("/lines/0/labels").size()).isZero();
        Double[] values = doubles(answer.at("/lines/0/values"));
        for (int k = 0; k < 4; k++) {
            long[] p1 = stored.get("p1")[k];
            long[] p2 = stored.get("p2")[k];
            // the pending minute 10:03 is read raw and spread, inside its step: float sums, equal to a thousandth of a ns/s
            assertThat(values[k]).as("step %d", k).isCloseTo((double) (p1[0] + p2[0]) / STEP, within(1e-3));
        }
        assertThat(stored.get("p2")[1][1]).as("the late row counts in its step").isEqualTo(16);
    }

    @Test
    void groupByGivesOneLinePerValueOfTheLabel() throws Exception {
        // 10 s steps are read from raw rows, each spread over the time it covers
        Map<String, double[]> stored = storedRates(FROM, 120, 10);
        JsonNode answer = timeline(CPU, "pod", "10s");

        assertThat(answer.get("groupBy").asString()).isEqualTo("pod");
        assertThat(answer.get("lines")).extracting(line -> line.at("/labels/pod").asString()).containsExactly("p1", "p2");
        for (int i = 0; i < 2; i++) {
            double[] pod = stored.get(i == 0 ? "p1" : "p2");
            Double[] values = doubles(answer.at("/lines/" + i + "/values"));
            for (int k = 0; k < 120; k++) {
                if (pod[k] == 0) {
                    assertThat(values[k]).as("pod p%d step %d", i + 1, k).isNull();
                } else {
                    assertThat(values[k]).as("pod p%d step %d", i + 1, k).isCloseTo(pod[k], within(1e-3));
                }
            }
        }
        assertThat(doubles(answer.at("/lines/1/values"))).as("p2 has no data in the first and last steps")
                .startsWith((Double) null).endsWith((Double) null);
    }

    @Test
    void instantTypesAverageEachSeriesOverItsSnapshotsInTheStep() throws Exception {
        Map<String, long[][]> stored = stored(GOROUTINE, FROM, 4);
        JsonNode byPod = timeline(GOROUTINE, "pod", "5m");
        JsonNode all = timeline(GOROUTINE, null, "5m");

        assertThat(byPod.get("aggregation").asString()).isEqualTo("average");
        Double[] sum = new Double[4];
        for (int i = 0; i < 2; i++) {
            long[][] pod = stored.get(i == 0 ? "p1" : "p2");
            Double[] expected = new Double[4];
            for (int k = 0; k < 4; k++) {
                expected[k] = pod[k][1] == 0 ? null : (double) pod[k][0] / pod[k][1];
                if (expected[k] != null) {
                    sum[k] = sum[k] == null ? expected[k] : sum[k] + expected[k];
                }
            }
            assertThat(doubles(byPod.at("/lines/" + i + "/values"))).containsExactly(expected);
        }
        assertThat(doubles(all.at("/lines/0/values"))).as("the sum of the pods' means").containsExactly(sum);
        assertThat(stored.get("p1")[0][1]).as("30 snapshots of p1 in the first step").isEqualTo(30);
    }

    @Test
    void theStepIsChosenWhenNotGivenAndTheFirstStepStartsAtAMultipleOfIt() throws Exception {
        JsonNode auto = timeline(CPU, null, null);
        assertThat(auto.get("step").asLong()).as("20 minutes at most 300 points: 10 s").isEqualTo(10);
        assertThat(auto.at("/lines/0/values").size()).isEqualTo(120);

        // from 09:57:30 by 5 minutes: the first step is 09:55 to 10:00, as in any aligned chart
        JsonNode unaligned = ok(url("timeline", "profileType", CPU, "query", service("timeline"),
                "from", t(FROM.plusSeconds(150)), "to", t(TO), "step", "5m"));
        assertThat(unaligned.get("start").asLong()).isEqualTo(FROM.toEpochMilli());
        assertThat(unaligned.at("/lines/0/values")).isEqualTo(timeline(CPU, null, "5m").at("/lines/0/values"));
    }

    @Test
    void seriesWithoutTheGroupLabelFormTheEmptyValuesLine() {
        JsonNode answer = timeline(CPU, "env", "5m");
        assertThat(answer.get("lines")).singleElement().satisfies(line -> assertThat(line.at("/labels/env").asString()).isEmpty());
        assertThat(answer.at("/lines/0/values")).isEqualTo(timeline(CPU, null, "5m").at("/lines/0/values"));
    }

    @Test
    void anUnknownServiceHasNoLines() {
        JsonNode answer = ok(url("timeline", "profileType", CPU, "query", service("no-such-service"), "from", t(FROM), "to", t(TO)));
        assertThat(answer.get("lines")).isEmpty();
    }

    private JsonNode timeline(String profileType, String groupBy, String step) {
        List<Object> params = new ArrayList<>(List.of("profileType", profileType, "query", service("timeline"), "from", t(FROM), "to", t(TO)));
        if (groupBy != null) {
            params.addAll(List.of("groupBy", groupBy));
        }
        if (step != null) {
            params.addAll(List.of("step", step));
        }
        return ok(url("timeline", params.toArray()));
    }

    /** Per pod and 5-minute step from {@code from}: {sum of stored totals, number of rows}, read with plain SQL. */
    private static Map<String, long[][]> stored(String profileType, Instant from, int steps) throws SQLException {
        Map<String, long[][]> byPod = new TreeMap<>();
        try (Connection connection = QueryFixture.database().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT s.labels->>'pod', extract(epoch FROM p.time)::bigint, p.total FROM " + RawRows.all() + " p JOIN series s ON s.id = p.series_id "
                             + "WHERE s.service_name = 'timeline' AND s.profile_type = ?")) {
            statement.setString(1, profileType);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long[][] pod = byPod.computeIfAbsent(rows.getString(1), key -> new long[steps][2]);
                    long k = (rows.getLong(2) - from.getEpochSecond()) / STEP;
                    if (k >= 0 && k < steps) {
                        pod[(int) k][0] += rows.getLong(3);
                        pod[(int) k][1]++;
                    }
                }
            }
        }
        return byPod;
    }

    /**
     * Per pod and step of {@code step} seconds from {@code from}: the CPU rate in ns per second, each stored row's total
     * spread evenly over [time, time + duration) (the duration read from the payload's prefix), read with plain SQL.
     */
    private static Map<String, double[]> storedRates(Instant from, int steps, long step) throws SQLException {
        Map<String, double[]> byPod = new TreeMap<>();
        try (Connection connection = QueryFixture.database().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT s.labels->>'pod', (extract(epoch FROM p.time) * 1000000)::bigint, p.total, p.payload FROM " + RawRows.all() + " p "
                             + "JOIN series s ON s.id = p.series_id WHERE s.service_name = 'timeline' AND s.profile_type = ?")) {
            statement.setString(1, CPU);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    double[] pod = byPod.computeIfAbsent(rows.getString(1), key -> new double[steps]);
                    long fromNanos = rows.getLong(2) * 1000;
                    long duration = PayloadHeader.durationNanos(rows.getBytes(4));
                    assertThat(duration).as("the captures have a duration").isPositive();
                    for (int k = 0; k < steps; k++) {
                        long stepFrom = (from.getEpochSecond() + k * step) * 1_000_000_000L;
                        long overlap = Math.min(fromNanos + duration, stepFrom + step * 1_000_000_000L) - Math.max(fromNanos, stepFrom);
                        if (overlap > 0) {
                            pod[k] += (double) rows.getLong(3) * overlap / duration / step;
                        }
                    }
                }
            }
        }
        return byPod;
    }

    private static Double[] doubles(JsonNode values) {
        Double[] result = new Double[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i).isNull() ? null : values.get(i).asDouble();
        }
        return result;
    }
}
