package dev.pyrometer.storage.query;

import dev.pyrometer.storage.rollup.Tier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner's exact plans: which buckets of which tier, and which raw ranges, cover a window given
 * the pending marks. Pure: no database.
 */
class RollupPlannerTest {
    private static final Instant DAY = Instant.parse("2026-05-04T00:00:00Z");
    private static final long S = 1_000_000L;
    private static final long MIN = 60 * S;
    private static final long HOUR = 60 * MIN;
    private static final long D = 24 * HOUR;
    private static final long T0 = micros(DAY);

    @Test
    void anAlignedDayIsOneDayBucket() {
        assertThat(plan(T0, T0 + D, marks(), Tier.DAY)).containsExactly(day(T0));
        assertThat(plan(T0, T0 + 3 * D, marks(), Tier.DAY)).containsExactly(day(T0), day(T0 + D), day(T0 + 2 * D));
    }

    @Test
    void anUnalignedWindowUsesRawEdgesThenMinutesTenMinutesHoursAndDays() {
        long from = T0 + 10 * S + 250;                  // 00:00:10.000250 on day 0
        long to = T0 + 2 * D + HOUR + 12 * MIN + 30 * S; // 01:12:30 on day 2

        List<Piece> expected = new ArrayList<>();
        expected.add(raw(from, T0 + MIN));
        for (int m = 1; m < 10; m++) {
            expected.add(minute(T0 + m * MIN));
        }
        for (int t = 1; t < 6; t++) {
            expected.add(ten(T0 + t * 10 * MIN));
        }
        for (int h = 1; h < 24; h++) {
            expected.add(hour(T0 + h * HOUR));
        }
        expected.add(day(T0 + D));
        expected.add(hour(T0 + 2 * D));
        expected.add(ten(T0 + 2 * D + HOUR));
        expected.add(minute(T0 + 2 * D + HOUR + 10 * MIN));
        expected.add(minute(T0 + 2 * D + HOUR + 11 * MIN));
        expected.add(raw(T0 + 2 * D + HOUR + 12 * MIN, to));

        assertThat(plan(from, to, marks(), Tier.DAY)).containsExactlyElementsOf(expected);
    }

    @Test
    void aSeriesPlanHasNoMinuteBucketsItsEdgesAreRawUpToTenMinutes() {
        long from = T0 + 3 * MIN + 10 * S;
        long to = T0 + HOUR + 14 * MIN;
        List<Piece> expected = new ArrayList<>();
        expected.add(raw(from, T0 + 10 * MIN));
        for (int t = 1; t < 6; t++) {
            expected.add(ten(T0 + t * 10 * MIN));
        }
        expected.add(ten(T0 + HOUR));
        expected.add(raw(T0 + HOUR + 10 * MIN, to));

        assertThat(RollupPlanner.plan(from, to, marks(), Tier.FINEST_PER_SERIES, Tier.DAY)).containsExactlyElementsOf(expected);
    }

    @Test
    void aWindowInsideOneMinuteIsOneRawPiece() {
        assertThat(plan(T0 + 5 * S, T0 + 50 * S, marks(), Tier.DAY)).containsExactly(raw(T0 + 5 * S, T0 + 50 * S));
        assertThat(plan(T0, T0 + MIN - 1, marks(), Tier.DAY)).containsExactly(raw(T0, T0 + MIN - 1));
        assertThat(plan(T0, T0 + MIN, marks(), Tier.DAY)).containsExactly(minute(T0));
    }

    @Test
    void aDirtyMinuteIsReadRawAndItsHourAndDayFallBackToFinerTiers() {
        long dirty = T0 + 5 * HOUR + 7 * MIN;
        List<Piece> expected = new ArrayList<>();
        for (int h = 0; h < 5; h++) {
            expected.add(hour(T0 + h * HOUR));
        }
        for (int m = 0; m < 7; m++) {
            expected.add(minute(T0 + 5 * HOUR + m * MIN));
        }
        expected.add(raw(dirty, dirty + MIN));
        for (int m = 8; m < 10; m++) {
            expected.add(minute(T0 + 5 * HOUR + m * MIN));
        }
        for (int t = 1; t < 6; t++) {
            expected.add(ten(T0 + 5 * HOUR + t * 10 * MIN));
        }
        for (int h = 6; h < 24; h++) {
            expected.add(hour(T0 + h * HOUR));
        }

        assertThat(plan(T0, T0 + D, marks(List.of(dirty), List.of(), List.of()), Tier.DAY)).containsExactlyElementsOf(expected);
    }

    @Test
    void aDirtyHourIsReadFromItsTenMinutesAndADirtyDayFromItsHours() {
        long dirtyHour = T0 + 3 * HOUR;
        List<Piece> expected = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            expected.add(hour(T0 + h * HOUR));
        }
        for (int t = 0; t < 6; t++) {
            expected.add(ten(dirtyHour + t * 10 * MIN));
        }
        for (int h = 4; h < 24; h++) {
            expected.add(hour(T0 + h * HOUR));
        }
        assertThat(plan(T0, T0 + D, marks(List.of(), List.of(dirtyHour), List.of()), Tier.DAY)).containsExactlyElementsOf(expected);

        List<Piece> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(hour(T0 + h * HOUR));
        }
        assertThat(plan(T0, T0 + D, marks(List.of(), List.of(), List.of(T0)), Tier.DAY)).containsExactlyElementsOf(hours);
    }

    @Test
    void adjacentRawPiecesAreCoalesced() {
        long hour = T0 + 2 * HOUR;
        // the unaligned edge and the two dirty minutes after it form one raw piece
        NavigableSet<Long> minutes = new TreeSet<>(List.of(hour + MIN, hour + 2 * MIN, hour + 4 * MIN));
        List<Piece> plan = plan(hour + 30 * S, hour + 6 * MIN, List.of(minutes, new TreeSet<>(), new TreeSet<>(), new TreeSet<>()), Tier.DAY);

        assertThat(plan).containsExactly(
                raw(hour + 30 * S, hour + 3 * MIN),
                minute(hour + 3 * MIN),
                raw(hour + 4 * MIN, hour + 5 * MIN),
                minute(hour + 5 * MIN));
    }

    @Test
    void marksOutsideABucketDoNotDirtyIt() {
        long hour = T0 + 7 * HOUR;
        // a mark on the next hour's first minute, and one just before this hour
        var marks = marks(List.of(hour + HOUR, hour - MIN), List.of(hour + HOUR, hour - HOUR), List.of(T0 + D, T0 - D));
        assertThat(plan(hour, hour + HOUR, marks, Tier.DAY)).containsExactly(hour(hour));
        assertThat(plan(T0, T0 + D, marks(List.of(T0 + D), List.of(T0 + D), List.of(T0 + D)), Tier.DAY)).containsExactly(day(T0));
    }

    @Test
    void withoutRollupsTheWholeWindowIsOneRawPiece() {
        var marks = marks(List.of(T0 + 3 * MIN), List.of(), List.of());
        assertThat(plan(T0 - 17, T0 + 2 * D + 5, marks, null)).containsExactly(raw(T0 - 17, T0 + 2 * D + 5));
        assertThat(plan(T0, T0 + D, marks(), null)).containsExactly(raw(T0, T0 + D));
    }

    @Test
    void theCoarsestTierCapsTheBucketsUsed() {
        List<Piece> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(hour(T0 + h * HOUR));
        }
        assertThat(plan(T0, T0 + D, marks(), Tier.HOUR)).containsExactlyElementsOf(hours);

        List<Piece> minutes = new ArrayList<>();
        for (int m = 0; m < 120; m++) {
            minutes.add(minute(T0 + m * MIN));
        }
        assertThat(plan(T0, T0 + 2 * HOUR, marks(), Tier.MINUTE)).containsExactlyElementsOf(minutes);
    }

    @Test
    void anEmptyWindowHasAnEmptyPlan() {
        assertThat(plan(T0, T0, marks(), Tier.DAY)).isEmpty();
        assertThat(plan(T0 + 1, T0, marks(), Tier.DAY)).isEmpty();
    }

    @Test
    void windowsBeforeTheEpochAreAlignedTheSameWay() {
        long from = -D;
        assertThat(plan(from - 30 * S, from + HOUR, marks(), Tier.DAY))
                .containsExactly(raw(from - 30 * S, from), hour(from));
    }

    /** Random windows and marks: the pieces tile the window, tier pieces are whole clean buckets, raw pieces never touch. */
    @Test
    void plansTileTheWindowWithCleanBucketsOnly() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            List<NavigableSet<Long>> marks = marks();
            for (int m = random.nextInt(20); m > 0; m--) {
                Tier tier = Tier.values()[random.nextInt(Tier.values().length)].markedAs();
                long width = RollupPlanner.micros(tier);
                marks.get(tier.ordinal()).add(Math.floorDiv(T0 + (long) (random.nextDouble() * 3 * D), width) * width);
            }
            long from = T0 + (long) (random.nextDouble() * 2 * D);
            if (random.nextBoolean()) {
                from = Math.floorDiv(from, MIN) * MIN;
            }
            long to = from + 1 + (long) (random.nextDouble() * D);
            Tier coarsest = random.nextInt(4) == 0 ? null : Tier.values()[random.nextInt(Tier.values().length)];
            Tier finest = List.of(Tier.FINEST_PER_GROUP, Tier.MINUTE, Tier.FINEST_PER_SERIES).get(random.nextInt(3));

            List<Piece> plan = RollupPlanner.plan(from, to, marks, finest, coarsest);

            long at = from;
            Piece previous = null;
            for (Piece piece : plan) {
                assertThat(piece.fromMicros()).as("window %d: pieces are contiguous", i).isEqualTo(at);
                assertThat(piece.toMicros()).isGreaterThan(piece.fromMicros());
                if (piece.raw()) {
                    assertThat(previous == null || !previous.raw()).as("window %d: raw pieces are coalesced", i).isTrue();
                } else {
                    long width = RollupPlanner.micros(piece.tier());
                    assertThat(coarsest).isNotNull();
                    assertThat(piece.tier().ordinal()).isLessThanOrEqualTo(coarsest.ordinal());
                    assertThat(piece.tier().ordinal()).as("window %d: no tier finer than %s", i, finest).isGreaterThanOrEqualTo(finest.ordinal());
                    assertThat(Math.floorMod(piece.fromMicros(), width)).isZero();
                    assertThat(piece.toMicros() - piece.fromMicros()).isEqualTo(width);
                    for (int finer = 0; finer <= piece.tier().ordinal(); finer++) {
                        Long mark = marks.get(finer).ceiling(piece.fromMicros());
                        assertThat(mark == null || mark >= piece.toMicros()).as("window %d: %s is clean", i, piece).isTrue();
                    }
                    long minute = Math.floorDiv(piece.fromMicros(), MIN) * MIN;
                    assertThat(piece.tier() != Tier.TEN_SECONDS || !marks.get(Tier.MINUTE.ordinal()).contains(minute))
                            .as("window %d: %s lies in a clean minute", i, piece).isTrue();
                }
                at = piece.toMicros();
                previous = piece;
            }
            assertThat(at).isEqualTo(to);
        }
    }

    @Test
    void groupPlansReadTenSecondBucketsAtTheEdgesOfCleanMinutes() {
        long from = T0 + 5 * S;
        long to = T0 + MIN + 25 * S;
        List<Piece> expected = new ArrayList<>();
        expected.add(raw(from, T0 + 10 * S));
        for (long t = T0 + 10 * S; t < T0 + MIN + 20 * S; t += 10 * S) {
            expected.add(new Piece(Tier.TEN_SECONDS, t, t + 10 * S));
        }
        expected.add(raw(T0 + MIN + 20 * S, to));
        assertThat(RollupPlanner.plan(from, to, marks(), Tier.FINEST_PER_GROUP, Tier.DAY)).containsExactlyElementsOf(expected);

        List<Piece> pendingFirstMinute = RollupPlanner.plan(from, to, marks(List.of(T0), List.of(), List.of()), Tier.FINEST_PER_GROUP, Tier.DAY);
        assertThat(pendingFirstMinute).as("its minute's mark dirties every ten seconds of it").startsWith(raw(from, T0 + MIN))
                .contains(new Piece(Tier.TEN_SECONDS, T0 + MIN, T0 + MIN + 10 * S));
    }

    /** A group plan: every tier from the minute up to {@code coarsest}. */
    private static List<Piece> plan(long from, long to, List<NavigableSet<Long>> marks, Tier coarsest) {
        return RollupPlanner.plan(from, to, marks, Tier.MINUTE, coarsest);
    }

    private static List<NavigableSet<Long>> marks() {
        return marks(List.of(), List.of(), List.of());
    }

    private static List<NavigableSet<Long>> marks(List<Long> minutes, List<Long> hours, List<Long> days) {
        return marks(minutes, List.of(), hours, days);
    }

    private static List<NavigableSet<Long>> marks(List<Long> minutes, List<Long> tens, List<Long> hours, List<Long> days) {
        // per tier ordinal: ten seconds (never marked: its minute's mark covers it), minute, ten minutes, hour, day
        return List.of(new TreeSet<>(), new TreeSet<>(minutes), new TreeSet<>(tens), new TreeSet<>(hours), new TreeSet<>(days));
    }

    private static Piece raw(long from, long to) {
        return new Piece(null, from, to);
    }

    private static Piece minute(long start) {
        return new Piece(Tier.MINUTE, start, start + MIN);
    }

    private static Piece ten(long start) {
        return new Piece(Tier.TEN_MINUTES, start, start + 10 * MIN);
    }

    private static Piece hour(long start) {
        return new Piece(Tier.HOUR, start, start + HOUR);
    }

    private static Piece day(long start) {
        return new Piece(Tier.DAY, start, start + D);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * S + instant.getNano() / 1000;
    }
}
