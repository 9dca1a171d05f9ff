package dev.pyrometer.storage.rollup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The greedy plan a query makes over the rollup tiers: from the window's start, take the widest
 * bucket that starts there and ends within the window. For a minute-aligned window the steps tile
 * it exactly.
 */
final class WindowPlan {
    private WindowPlan() {
    }

    record Step(Tier tier, Instant start) {
    }

    static List<Step> cover(Instant from, Instant to) {
        List<Step> steps = new ArrayList<>();
        Instant at = from;
        while (at.isBefore(to)) {
            Tier chosen = Tier.MINUTE;
            for (Tier tier : List.of(Tier.DAY, Tier.HOUR)) {
                long width = tier.width().toSeconds();
                if (at.getEpochSecond() % width == 0 && !at.plus(tier.width()).isAfter(to)) {
                    chosen = tier;
                    break;
                }
            }
            if (at.getEpochSecond() % 60 != 0 || at.getNano() != 0) {
                throw new IllegalArgumentException("window is not minute-aligned: " + at);
            }
            steps.add(new Step(chosen, at));
            at = at.plus(chosen.width());
        }
        if (!at.equals(to) || Duration.between(from, to).isNegative()) {
            throw new IllegalArgumentException("steps do not tile [" + from + ", " + to + ")");
        }
        return steps;
    }
}
