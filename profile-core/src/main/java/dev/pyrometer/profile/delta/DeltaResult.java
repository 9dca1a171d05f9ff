package dev.pyrometer.profile.delta;

import dev.pyrometer.protocol.pprof.PprofProto;

/**
 * What one cumulative snapshot yields.
 *
 * @param kind    what was found
 * @param profile the delta to push; null for {@link Kind#BASELINE}
 */
public record DeltaResult(Kind kind, PprofProto.Profile profile) {

    public enum Kind {
        /** The first snapshot (or the first after the sample types changed): it only sets the baseline; nothing to push. */
        BASELINE,
        /** The increase since the previous snapshot. */
        DELTA,
        /** Counters fell, so the target restarted since the previous snapshot: the profile holds the new process's counts. */
        RESTART
    }
}
