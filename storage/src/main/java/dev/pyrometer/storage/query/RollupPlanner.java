package dev.pyrometer.storage.query;

import dev.pyrometer.storage.rollup.Tier;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;

/**
 * Plans a window over the tiers greedily, largest bucket first: a bucket of a usable tier (from
 * {@code finest} to {@code coarsest}) that lies wholly inside the window is read from its rollup
 * when it is clean, the rest from raw rows.
 * A bucket is clean when no pending mark of its own tier or a finer one lies inside it: a mark
 * means some raw rows there are not yet reflected in it (see {@code rollup_pending}). Adjacent raw
 * pieces are coalesced. The answer is therefore exactly the raw merge of the window. Pure: the
 * caller supplies the marks, read in the same snapshot as the data.
 */
public final class RollupPlanner {
    private RollupPlanner() {
    }

    /**
     * @param fromMicros window start, inclusive, µs since the epoch
     * @param toMicros   window end, exclusive
     * @param marks      pending marks per tier ordinal (see {@link Tier}): bucket starts in µs
     * @param finest     the smallest tier to use: {@link Tier#FINEST_PER_GROUP} for groups, {@link Tier#FINEST_PER_SERIES} for
     *                   series; raw pieces advance in its width
     * @param coarsest   the largest tier to use, or null (or one finer than {@code finest}) for a raw-only plan
     */
    public static List<Piece> plan(long fromMicros, long toMicros, List<NavigableSet<Long>> marks, Tier finest, Tier coarsest) {
        List<Piece> pieces = new ArrayList<>();
        long t = fromMicros;
        while (t < toMicros) {
            Piece piece = largestCleanBucket(t, toMicros, marks, finest, coarsest);
            if (piece == null) {
                long step = micros(finest);
                long end = Math.min(toMicros, Math.floorDiv(t, step) * step + step);
                appendRaw(pieces, t, end);
                t = end;
            } else {
                pieces.add(piece);
                t = piece.toMicros();
            }
        }
        return pieces;
    }

    private static Piece largestCleanBucket(long t, long toMicros, List<NavigableSet<Long>> marks, Tier finest, Tier coarsest) {
        if (coarsest == null) {
            return null;
        }
        for (int tier = coarsest.ordinal(); tier >= finest.ordinal(); tier--) {
            Tier candidate = Tier.values()[tier];
            long width = micros(candidate);
            if (Math.floorMod(t, width) == 0 && t + width <= toMicros && clean(candidate, t, t + width, marks)) {
                return new Piece(candidate, t, t + width);
            }
        }
        return null;
    }

    /**
     * No pending bucket of this tier or a finer one overlaps {@code [from, to)}; for a ten-second bucket, whose marks
     * are its minute's, no pending minute either.
     */
    static boolean clean(Tier tier, long from, long to, List<NavigableSet<Long>> marks) {
        int through = Math.max(tier.ordinal(), tier.markedAs().ordinal());
        for (int finer = 0; finer <= through; finer++) {
            Long mark = marks.get(finer).lower(to);
            if (mark != null && mark + micros(Tier.values()[finer]) > from) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every raw row of {@code [fromMicros, toMicros)} is already reflected in its series' {@code first_seen}
     * and {@code last_seen}: no mark of the ten-minute tier or a finer one lies in the ten-minute buckets the span
     * touches. The rollup job widens that span in the transaction that clears a ten-minute mark, and a row
     * committed later marks its minute again.
     */
    static boolean settled(long fromMicros, long toMicros, List<NavigableSet<Long>> marks) {
        long width = micros(Tier.FINEST_PER_SERIES);
        long from = Math.floorDiv(fromMicros, width) * width;
        long to = Math.floorDiv(toMicros + width - 1, width) * width;
        return clean(Tier.FINEST_PER_SERIES, from, to, marks);
    }

    private static void appendRaw(List<Piece> pieces, long from, long to) {
        if (!pieces.isEmpty()) {
            Piece last = pieces.get(pieces.size() - 1);
            if (last.raw() && last.toMicros() == from) {
                pieces.set(pieces.size() - 1, new Piece(null, last.fromMicros(), to));
                return;
            }
        }
        pieces.add(new Piece(null, from, to));
    }

    static long micros(Tier tier) {
        return tier.widthMicros();
    }
}
