package dev.pyrometer.query.api;

import dev.pyrometer.query.window.QueryWindow;
import dev.pyrometer.query.window.TimeExpressions;

import java.time.Duration;
import java.util.List;

/** The bucket width of the regression report and the leak finder: whole minutes, chosen or given. */
final class BucketSteps {
    private static final List<Duration> STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofDays(1));

    private BucketSteps() {
    }

    /**
     * The given {@code step}, or the first of 1m, 5m, 15m, 1h, 3h, 6h, 1d giving at most {@code maxBuckets} buckets over
     * {@code window}. A given step must be whole minutes and give at most {@code maxBuckets} buckets.
     */
    static Duration step(String text, QueryWindow window, int maxBuckets) {
        Duration length = Duration.between(window.from(), window.to());
        if (text == null || text.isBlank()) {
            for (Duration step : STEPS) {
                if (buckets(length, step) <= maxBuckets) {
                    return step;
                }
            }
            return STEPS.get(STEPS.size() - 1);
        }
        Duration step;
        try {
            step = TimeExpressions.duration(text, "step", text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("parameter 'step': " + e.getMessage());
        }
        if (step.isZero() || step.toSeconds() % 60 != 0 || step.toNanos() % 1_000_000_000L != 0) {
            throw new BadRequestException("parameter 'step' must be a positive whole number of minutes");
        }
        if (step.compareTo(Duration.ofDays(1)) > 0) {
            throw new BadRequestException("parameter 'step' must be at most 1d");
        }
        long count = buckets(length, step);
        if (count > maxBuckets) {
            throw new BadRequestException("step " + TimeExpressions.format(step) + " gives " + count + " buckets, more than the limit of "
                    + maxBuckets + "; use a larger step");
        }
        return step;
    }

    private static long buckets(Duration length, Duration step) {
        return (length.toNanos() + step.toNanos() - 1) / step.toNanos() + 1;
    }

    static double alpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new BadRequestException("parameter 'alpha' must be between 0 and 1, exclusive");
        }
        return alpha;
    }

    static int limit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("parameter 'limit' must be between 1 and 1000");
        }
        return limit;
    }
}
