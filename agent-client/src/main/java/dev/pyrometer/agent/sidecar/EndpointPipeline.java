package dev.pyrometer.agent.sidecar;

import dev.pyrometer.agent.log.AgentLog;
import dev.pyrometer.agent.pprof.InvalidPprofException;
import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.agent.push.api.IdempotencyIds;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.profile.delta.CumulativeDelta;
import dev.pyrometer.profile.delta.DeltaResult;
import dev.pyrometer.profile.delta.ProfileRewriter;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.util.Map;
import java.util.Optional;

/**
 * Turns each response of one endpoint into the profile to push: keeps the endpoint's sample types
 * ({@link GoEndpoint#keptTypes()}), makes deltas of cumulative ones ({@link CumulativeDelta}), names
 * the profile and stamps its window. Responses that need no change are sent as the bytes Go served.
 * One pipeline per endpoint; calls must not overlap.
 */
public final class EndpointPipeline {
    private final GoEndpoint endpoint;
    private final Map<String, String> labels;
    private final IdempotencyIds ids;
    private final CumulativeDelta delta;

    public EndpointPipeline(GoEndpoint endpoint, Map<String, String> labels, IdempotencyIds ids) {
        this.endpoint = endpoint;
        this.labels = Map.copyOf(labels);
        this.ids = ids;
        this.delta = endpoint.deltaMode() == null ? null : new CumulativeDelta(endpoint.deltaMode());
    }

    public GoEndpoint endpoint() {
        return endpoint;
    }

    /**
     * @param body          the response body
     * @param observedNanos when the response arrived, ns since the epoch (used when the pprof has no time)
     * @return the profile to push; empty for the first snapshot of a cumulative endpoint
     */
    public Optional<OutgoingProfile> process(byte[] body, long observedNanos) throws InvalidPprofException {
        PprofProto.Profile profile = PprofCodec.decode(body);
        boolean changed = false;
        if (!endpoint.keptTypes().isEmpty()) {
            int[] kept = ProfileRewriter.typeIndexes(profile, endpoint.keptTypes());
            if (kept.length == 0) {
                throw new InvalidPprofException("the " + endpoint.key() + " response has none of the sample types "
                        + endpoint.keptTypes() + "; is " + endpoint.key() + ".path right?");
            }
            if (kept.length != profile.getSampleTypeCount()) {
                profile = ProfileRewriter.keepTypes(profile, kept);
                changed = true;
            }
        }
        if (delta != null) {
            DeltaResult result = delta.next(profile, observedNanos);
            if (result.kind() == DeltaResult.Kind.BASELINE) {
                return Optional.empty();
            }
            if (result.kind() == DeltaResult.Kind.RESTART) {
                AgentLog.warn(endpoint.key() + " counters fell: the target restarted since the last scrape; "
                        + "sending the new process's counts as this interval's delta");
            }
            profile = result.profile();
            changed = true;
        }
        long start = profile.getTimeNanos() != 0 ? profile.getTimeNanos() : observedNanos;
        long end = start + Math.max(0, profile.getDurationNanos());
        byte[] bytes = changed || !PprofCodec.isGzip(body) ? PprofCodec.encode(profile) : body;
        return Optional.of(new OutgoingProfile(ids.next(), endpoint.profileName(), labels, bytes, start, end));
    }
}
