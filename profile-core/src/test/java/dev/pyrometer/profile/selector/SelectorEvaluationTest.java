package dev.pyrometer.profile.selector;

import dev.pyrometer.profile.model.LabelSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One query's regex work is bounded as a whole: the budget is shared by every series and label the query
 * tests, and a (regex, value) pair is evaluated once. Work is counted in steps, never timed.
 */
class SelectorEvaluationTest {
    private static final LabelSelector CUBIC = LabelSelector.parse("{pod=~\".*.*.*x\"}");

    /** 1,000 series whose pods are 120 characters long and all different; no pod contains an 'x'. */
    private static List<LabelSet> thousandPods() {
        List<LabelSet> series = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            series.add(pod(String.format("api-%04d-", i), 120));
        }
        return series;
    }

    private static LabelSet pod(String prefix, int length) {
        return LabelSet.of(Map.of("service_name", "api", "pod", prefix + "a".repeat(length - prefix.length())));
    }

    @Test
    void aCubicRegexOverAThousandLongPodsRunsOutOfTheQuerysBudget() {
        long stepsOfOnePod = stepsToMatch(pod("api-0000-", 120));
        SelectorEvaluation evaluation = new SelectorEvaluation(SelectorEvaluation.DEFAULT_STEP_BUDGET);

        SelectorException error = catchThrowableOfType(SelectorException.class,
                () -> thousandPods().forEach(labels -> evaluation.matches(CUBIC, labels)));

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).startsWith("regex \".*.*.*x\" for label pod needs more than the query's budget of 10000000 regex steps");
        assertThat(stepsOfOnePod).as("one 120-character pod alone").isGreaterThan(100_000);
        assertThat(evaluation.steps()).isEqualTo(SelectorEvaluation.DEFAULT_STEP_BUDGET);
        assertThat(evaluation.evaluations()).as("pods evaluated before the budget ran out, the last one partly")
                .isEqualTo((int) (SelectorEvaluation.DEFAULT_STEP_BUDGET / stepsOfOnePod) + 1);
    }

    @Test
    void eachDistinctValueIsEvaluatedOnce() {
        long stepsOfOnePod = stepsToMatch(pod("api-0000-", 120));
        SelectorEvaluation evaluation = new SelectorEvaluation(SelectorEvaluation.DEFAULT_STEP_BUDGET);
        int selected = 0;
        for (int i = 0; i < 1000; i++) {
            if (evaluation.matches(CUBIC, pod(String.format("api-%04d-", i % 10), 120))) {
                selected++;
            }
        }

        assertThat(selected).isZero();
        assertThat(evaluation.evaluations()).isEqualTo(10);
        assertThat(evaluation.steps()).isEqualTo(10 * stepsOfOnePod);
    }

    @Test
    void theBudgetIsSharedByEveryMatcherAndSelectorOfTheQuery() {
        LabelSelector left = LabelSelector.parse("{pod=~\"api-.*\", zone!~\"eu-.*\"}");
        LabelSelector right = LabelSelector.parse("{pod!~\"web-.*\"}");
        LabelSet labels = LabelSet.of(Map.of("pod", "api-1", "zone", "us-1"));
        SelectorEvaluation evaluation = new SelectorEvaluation(1_000);

        assertThat(evaluation.matches(left, labels)).isTrue();
        long leftSteps = evaluation.steps();
        assertThat(evaluation.matches(right, labels)).isTrue();

        assertThat(leftSteps).isPositive();
        assertThat(evaluation.steps()).isGreaterThan(leftSteps);
        assertThat(evaluation.evaluations()).isEqualTo(3);
        SelectorEvaluation oneStepShort = new SelectorEvaluation(evaluation.steps() - 1);
        assertThat(oneStepShort.matches(left, labels)).isTrue();
        assertThat(catchThrowableOfType(SelectorException.class, () -> oneStepShort.matches(right, labels))).isNotNull();
    }

    @Test
    void equalityMatchersCostNothing() {
        SelectorEvaluation evaluation = new SelectorEvaluation(1);

        assertThat(evaluation.matches(LabelSelector.parse("{service_name=\"api\", env!=\"dev\"}"), pod("p", 120))).isTrue();
        assertThat(evaluation.steps()).isZero();
        assertThat(evaluation.evaluations()).isZero();
    }

    private static long stepsToMatch(LabelSet labels) {
        SelectorEvaluation single = new SelectorEvaluation(Long.MAX_VALUE);
        assertThat(single.matches(CUBIC, labels)).isFalse();
        return single.steps();
    }
}
