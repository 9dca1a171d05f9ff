package dev.pyrometer.profile.regression;

import dev.pyrometer.profile.buckets.BucketMatrix;
import dev.pyrometer.profile.buckets.Metric;
import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.testing.SyntheticCpu;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A/A comparisons: both windows drawn from the same distribution. Benjamini-Hochberg at 5 % bounds the
 * chance that a run reports anything at all (under the global null the false discovery rate is that
 * chance), so at most 5 % of runs may name a function.
 */
class NullComparisonTest {
    static final int RUNS = 200;
    static final int FUNCTIONS = 25;
    static final int BUCKETS = 60;

    @Test
    void atMostFivePercentOfAaRunsReportAnyFunction() {
        SyntheticCpu cpu = new SyntheticCpu(FUNCTIONS, 500);
        int runsWithFindings = 0;
        int tests = 0;
        for (int run = 0; run < RUNS; run++) {
            Random random = new Random(1_000L + run);
            BucketMatrix a = Windows.window(cpu, random, 0, BUCKETS, 1.0, null, 1);
            BucketMatrix b = Windows.window(cpu, random, 7 * 86_400_000L, BUCKETS, 1.0, null, 1);
            List<ShareComparison> functions = RegressionAnalysis.compare("", Aggregation.SUM, a, b).stream()
                    .filter(c -> c.metric().kind() != Metric.Kind.STACK).toList();
            tests += functions.size();
            if (RegressionRanking.rank(functions, 0.05).stream().anyMatch(RankedChange::significant)) {
                runsWithFindings++;
            }
        }
        double rate = (double) runsWithFindings / RUNS;
        System.out.printf("A/A false-positive rate: %d of %d runs (%.1f %%) reported a function at q < 0.05 (%d function tests, %d buckets per window)%n",
                runsWithFindings, RUNS, 100 * rate, tests, BUCKETS);
        assertThat(rate).isLessThanOrEqualTo(0.05);
    }
}
