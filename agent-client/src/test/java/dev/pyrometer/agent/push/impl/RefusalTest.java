package dev.pyrometer.agent.push.impl;

import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalTest {

    private static Metadata trailer(Metadata.Key<String> key, String value) {
        Metadata trailers = new Metadata();
        trailers.put(key, value);
        return trailers;
    }

    @Test
    void aRejectedIndexInsideTheBatchNamesOneProfile() {
        Refusal refusal = Refusal.of(Status.INVALID_ARGUMENT.withDescription("profile 2: too deep"),
                trailer(Refusal.REJECTED_INDEX, "2"), 3);

        assertThat(refusal).isEqualTo(new Refusal.OneProfile("INVALID_ARGUMENT: profile 2: too deep", 2));
    }

    @Test
    void refusedCredentialsAreTheirOwnPermanentRefusal() {
        assertThat(Refusal.of(Status.UNAUTHENTICATED.withDescription("unknown token AAAAAAAAAAAA"), null, 3))
                .isEqualTo(new Refusal.Credentials("UNAUTHENTICATED: unknown token AAAAAAAAAAAA"));
        assertThat(Refusal.of(Status.PERMISSION_DENIED.withDescription("token may not access tenant b"), trailer(Refusal.REJECTED_INDEX, "0"), 3))
                .isEqualTo(new Refusal.Credentials("PERMISSION_DENIED: token may not access tenant b"));
    }

    @Test
    void aRejectedIndexThatIsMissingMalformedOrOutsideTheBatchRefusesTheWholeBatch() {
        Status status = Status.INVALID_ARGUMENT.withDescription("bad");

        assertThat(Refusal.of(status, null, 3)).isEqualTo(new Refusal.WholeBatch("INVALID_ARGUMENT: bad"));
        assertThat(Refusal.of(status, new Metadata(), 3)).isInstanceOf(Refusal.WholeBatch.class);
        assertThat(Refusal.of(status, trailer(Refusal.REJECTED_INDEX, "3"), 3)).isInstanceOf(Refusal.WholeBatch.class);
        assertThat(Refusal.of(status, trailer(Refusal.REJECTED_INDEX, "-1"), 3)).isInstanceOf(Refusal.WholeBatch.class);
        assertThat(Refusal.of(status, trailer(Refusal.REJECTED_INDEX, "one"), 3)).isInstanceOf(Refusal.WholeBatch.class);
    }

    @Test
    void aRejectedIndexOnAnyOtherPermanentCodeStillRefusesTheWholeBatch() {
        Refusal refusal = Refusal.of(Status.OUT_OF_RANGE.withDescription("too old"), trailer(Refusal.REJECTED_INDEX, "0"), 3);

        assertThat(refusal).isEqualTo(new Refusal.WholeBatch("OUT_OF_RANGE: too old"));
    }

    @Test
    void transientRefusalsCarryTheirRetryAfter() {
        assertThat(Refusal.of(Status.RESOURCE_EXHAUSTED.withDescription("queue full"), trailer(Refusal.RETRY_AFTER_MS, "1500"), 1))
                .isEqualTo(new Refusal.Transient(Status.Code.RESOURCE_EXHAUSTED, "RESOURCE_EXHAUSTED: queue full", Duration.ofMillis(1500)));
        assertThat(Refusal.of(Status.UNAVAILABLE, null, 1))
                .isEqualTo(new Refusal.Transient(Status.Code.UNAVAILABLE, "UNAVAILABLE", Duration.ZERO));
        assertThat(Refusal.of(Status.UNAVAILABLE, trailer(Refusal.RETRY_AFTER_MS, "soon"), 1))
                .isEqualTo(new Refusal.Transient(Status.Code.UNAVAILABLE, "UNAVAILABLE", Duration.ZERO));
    }

    @Test
    void aRejectedIndexOnATransientCodeIsIgnored() {
        assertThat(Refusal.of(Status.UNAVAILABLE, trailer(Refusal.REJECTED_INDEX, "0"), 2)).isInstanceOf(Refusal.Transient.class);
    }
}
