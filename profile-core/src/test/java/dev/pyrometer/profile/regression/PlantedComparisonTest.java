package dev.pyrometer.profile.regression;

import dev.pyrometer.profile.buckets.BucketMatrix;
import dev.pyrometer.profile.buckets.Metric;
import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.testing.SyntheticCpu;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** One function 30 % costlier while traffic grows 50 %: only the function is a regression; every rate shows the traffic. */
class PlantedComparisonTest {
    @Test
    void plantedFunctionRanksFirstAndTrafficIsNotARegression() {
        SyntheticCpu cpu = new SyntheticCpu(25, 500);
        String planted = cpu.functions().get(3);
        Random random = new Random(42);
        BucketMatrix before = Windows.window(cpu, random, 0, 120, 1.0, null, 1);
        BucketMatrix after = Windows.window(cpu, random, 7 * 86_400_000L, 120, 1.5, planted, 1.3);
        List<RankedChange> ranked = RegressionRanking.rank(RegressionAnalysis.compare("", Aggregation.SUM, before, after).stream()
                .filter(c -> c.metric().kind() != Metric.Kind.STACK).toList(), 0.05);

        RankedChange first = ranked.get(0);
        assertThat(first.comparison().metric().function()).isEqualTo(planted);
        assertThat(first.q()).isLessThan(0.01);
        assertThat(first.regression()).isTrue();
        assertThat(ranked.stream().filter(RankedChange::regression).map(c -> c.comparison().metric().function()).distinct())
                .containsExactly(planted);
        // every other function's rate grew about 50 % (traffic), its share did not change significantly
        RankedChange other = ranked.stream().filter(c -> c.comparison().metric().equals(Metric.flat(cpu.functions().get(0)))).findFirst().orElseThrow();
        assertThat(other.comparison().comparisonRate() / other.comparison().baselineRate()).isCloseTo(1.5, within(0.05));
        System.out.printf("planted %s: rank 1, q = %.3g, share %+.2f pp, rate ×%.2f%n", planted, first.q(),
                100 * first.comparison().shareChange(), first.comparison().comparisonRate() / first.comparison().baselineRate());
    }
}
