package dev.pyrometer.ingest.pipeline;

import dev.pyrometer.profile.pprof.DecodedPprof;

/**
 * Names the profile of a decoded pprof whose push gave no profile name, the way the edge it came by
 * names profiles (Pyroscope's /ingest derives the name from the sample types); null leaves it to
 * the pprof's period type ({@code ProfileTypeNamer}).
 */
@FunctionalInterface
public interface ProfileNaming {
    /** Names nothing: the period type decides, as for the gRPC push. */
    ProfileNaming BY_PERIOD_TYPE = pprof -> null;

    String nameOf(DecodedPprof pprof);
}
