package dev.pyrometer.storage.query;

import dev.pyrometer.storage.rollup.Tier;

/**
 * One part of a planned window: {@code [fromMicros, toMicros)} read from a rollup tier, or from the
 * raw tier when {@code tier} is null. A tier piece covers exactly one bucket of that tier.
 */
public record Piece(Tier tier, long fromMicros, long toMicros) {
    public boolean raw() {
        return tier == null;
    }
}
