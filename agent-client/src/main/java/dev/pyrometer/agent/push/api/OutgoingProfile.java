package dev.pyrometer.agent.push.api;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One profile to push: what becomes one {@code RawProfile} of the ingest API.
 *
 * @param id          idempotency id, chosen once when the profile is made and sent unchanged on
 *                    every retry, so the server stores it at most once
 * @param profileName process_cpu, memory, goroutine, mutex, block, threadcreate, or "" to let the server infer it
 * @param labels      series labels, service_name included
 * @param pprof       serialized pprof, gzipped
 * @param startNanos  start of the window the profile covers, ns since the epoch; 0 uses the pprof's time
 * @param endNanos    end of that window, ns since the epoch; 0 uses the pprof's duration
 */
public record OutgoingProfile(String id, String profileName, Map<String, String> labels, byte[] pprof,
                              long startNanos, long endNanos) {

    public OutgoingProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(pprof, "pprof");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** Bytes this profile holds in the queue: its pprof. */
    public int size() {
        return pprof.length;
    }

    @Override
    public String toString() {
        return "profile " + id + " (" + (profileName.isEmpty() ? "unnamed" : profileName) + ", " + pprof.length + " bytes)";
    }
}
