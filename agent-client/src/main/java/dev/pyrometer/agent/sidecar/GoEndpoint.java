package dev.pyrometer.agent.sidecar;

import dev.pyrometer.profile.delta.DeltaMode;

import java.util.Set;

/**
 * The Go {@code net/http/pprof} endpoints the sidecar scrapes, and what it does with each.
 * Profile names are sent explicitly: Go's mutex and block profiles have identical sample types.
 */
public enum GoEndpoint {
    /** {@code /debug/pprof/profile?seconds=N}: already a delta over N seconds. */
    CPU("cpu", "process_cpu", Set.of(), null),
    /** {@code /debug/pprof/heap}: only inuse_* is kept; the alloc_* half is /allocs' business. */
    HEAP("heap", "memory", Set.of("inuse_objects", "inuse_space"), null),
    /** {@code /debug/pprof/allocs}: only alloc_* is kept (inuse_* comes from /heap), as deltas. */
    ALLOCS("allocs", "memory", Set.of("alloc_objects", "alloc_space"), DeltaMode.RESTART_ON_DECREASE),
    /** {@code /debug/pprof/goroutine}: live goroutines now, passed through. */
    GOROUTINE("goroutine", "goroutine", Set.of(), null),
    /** {@code /debug/pprof/mutex}: cumulative contentions and delay, as deltas. */
    MUTEX("mutex", "mutex", Set.of(), DeltaMode.RESTART_ON_DECREASE),
    /** {@code /debug/pprof/block}: cumulative contentions and delay, as deltas. */
    BLOCK("block", "block", Set.of(), DeltaMode.RESTART_ON_DECREASE),
    /** {@code /debug/pprof/threadcreate}: creation stacks of live threads, as deltas that never go negative. */
    THREADCREATE("threadcreate", "threadcreate", Set.of(), DeltaMode.CLAMP_AT_ZERO);

    private final String key;
    private final String profileName;
    private final Set<String> keptTypes;
    private final DeltaMode deltaMode;

    GoEndpoint(String key, String profileName, Set<String> keptTypes, DeltaMode deltaMode) {
        this.key = key;
        this.profileName = profileName;
        this.keptTypes = keptTypes;
        this.deltaMode = deltaMode;
    }

    /** The settings prefix, e.g. {@code allocs} for {@code allocs.enabled} and {@code allocs.path}. */
    public String key() {
        return key;
    }

    public String profileName() {
        return profileName;
    }

    /** Sample types kept; empty keeps all. */
    public Set<String> keptTypes() {
        return keptTypes;
    }

    /** How deltas are made; null for endpoints whose profiles are sent as they are. */
    public DeltaMode deltaMode() {
        return deltaMode;
    }
}
