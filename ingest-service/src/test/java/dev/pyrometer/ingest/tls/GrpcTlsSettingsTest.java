package dev.pyrometer.ingest.tls;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrpcTlsSettingsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void clientAuthDefaultsToRequireWithAClientCaAndNoneWithout() {
        assertThat(GrpcTlsSettings.of("c.pem", "k.pem", "ca.pem", "", MINUTE).clientAuth()).isEqualTo(GrpcTlsSettings.ClientAuth.REQUIRE);
        assertThat(GrpcTlsSettings.of("c.pem", "k.pem", "", "", MINUTE).clientAuth()).isEqualTo(GrpcTlsSettings.ClientAuth.NONE);
        assertThat(GrpcTlsSettings.of("", "", "", "", MINUTE).enabled()).isFalse();
        assertThat(GrpcTlsSettings.of("c.pem", "k.pem", "ca.pem", "Optional", MINUTE).clientAuth())
                .isEqualTo(GrpcTlsSettings.ClientAuth.OPTIONAL);
    }

    @Test
    void inconsistentSettingsNameTheVariableToFix() {
        assertThatThrownBy(() -> GrpcTlsSettings.of("c.pem", "", "", "", MINUTE))
                .hasMessage("gRPC TLS needs both PYROMETER_GRPC_TLS_CERT and PYROMETER_GRPC_TLS_KEY (only the certificate is set)");
        assertThatThrownBy(() -> GrpcTlsSettings.of("", "", "", "require", MINUTE))
                .hasMessage("PYROMETER_GRPC_TLS_CLIENT_AUTH=require needs TLS (PYROMETER_GRPC_TLS_CERT, PYROMETER_GRPC_TLS_KEY) "
                        + "and PYROMETER_GRPC_TLS_CLIENT_CA");
        assertThatThrownBy(() -> GrpcTlsSettings.of("c.pem", "k.pem", "ca.pem", "none", MINUTE))
                .hasMessage("PYROMETER_GRPC_TLS_CLIENT_CA is set but PYROMETER_GRPC_TLS_CLIENT_AUTH=none: set it to require (or optional), "
                        + "or unset the CA");
        assertThatThrownBy(() -> GrpcTlsSettings.of("c.pem", "k.pem", "", "sometimes", MINUTE))
                .hasMessage("PYROMETER_GRPC_TLS_CLIENT_AUTH must be none, optional or require, not 'sometimes'");
    }
}
