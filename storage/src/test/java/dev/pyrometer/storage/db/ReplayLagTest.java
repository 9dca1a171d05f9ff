package dev.pyrometer.storage.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lag from WAL positions: samples are (nanos, position) of the primary; the replica's replay position is asked about. */
class ReplayLagTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void unknownBeforeAnySample() {
        assertThat(new ReplayLag(4).lagNanos(1_000)).isEqualTo(ReplayLag.UNKNOWN);
    }

    @Test
    void aReplicaThatReplayedTheNewestPositionHasNoLagHoweverIdleThePrimaryIs() {
        ReplayLag lag = new ReplayLag(4);
        for (int second = 0; second < 10; second++) {
            lag.recordPrimary(second * SECOND, 5_000);
        }
        assertThat(lag.lagNanos(5_000)).isZero();
        assertThat(lag.lagNanos(7_000)).isZero();
    }

    @Test
    void aTrailingReplicaLagsByTheAgeOfTheNewestSampleItCovers() {
        ReplayLag lag = new ReplayLag(8);
        lag.recordPrimary(0, 100);
        lag.recordPrimary(SECOND, 200);
        lag.recordPrimary(2 * SECOND, 300);
        assertThat(lag.lagNanos(250)).isEqualTo(SECOND);
        assertThat(lag.lagNanos(200)).isEqualTo(SECOND);
        assertThat(lag.lagNanos(100)).as("the covered sample never moves back while the replica answers").isEqualTo(SECOND);
    }

    @Test
    void aReplicaThatStandsStillKeepsLaggingMoreAfterItsSampleLeftTheHistory() {
        ReplayLag lag = new ReplayLag(3);
        lag.recordPrimary(0, 100);
        assertThat(lag.lagNanos(100)).isZero();
        for (int second = 1; second <= 10; second++) {
            lag.recordPrimary(second * SECOND, 100 + second);
            assertThat(lag.lagNanos(100)).isEqualTo(second * SECOND);
        }
    }

    @Test
    void aReplicaBehindEverySampleIsUnknownUntilItCatchesUp() {
        ReplayLag lag = new ReplayLag(3);
        lag.recordPrimary(0, 100);
        lag.recordPrimary(SECOND, 200);
        assertThat(lag.lagNanos(50)).isEqualTo(ReplayLag.UNKNOWN);
        lag.recordPrimary(2 * SECOND, 300);
        assertThat(lag.lagNanos(120)).isEqualTo(2 * SECOND);
    }

    @Test
    void forgettingTheReplicaDropsWhatItCoveredBefore() {
        ReplayLag lag = new ReplayLag(2);
        lag.recordPrimary(0, 100);
        assertThat(lag.lagNanos(100)).isZero();
        lag.recordPrimary(SECOND, 200);
        lag.recordPrimary(2 * SECOND, 300);
        lag.forgetReplica();
        assertThat(lag.lagNanos(100)).isEqualTo(ReplayLag.UNKNOWN);
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new ReplayLag(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be positive, got 0");
    }
}
