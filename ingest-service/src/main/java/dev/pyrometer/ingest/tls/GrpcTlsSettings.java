package dev.pyrometer.ingest.tls;

import java.time.Duration;
import java.util.Locale;

/**
 * TLS of the gRPC port, checked: TLS is on when a certificate is given, and then needs its key;
 * client certificates are asked for ({@code optional}) or required ({@code require}) only with a
 * client CA to check them against. Errors name the environment variables to fix.
 *
 * @param cert           PEM certificate chain (server certificate first); "" means plaintext
 * @param key            PEM private key of that certificate (PKCS#8, or PKCS#1 for RSA)
 * @param clientCa       PEM CA certificates that client certificates must chain to; "" accepts none
 * @param clientAuth     whether clients present a certificate
 * @param reloadInterval how often the files are checked for changes
 */
public record GrpcTlsSettings(String cert, String key, String clientCa, ClientAuth clientAuth, Duration reloadInterval) {

    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    public GrpcTlsSettings {
        if (cert.isEmpty() != key.isEmpty()) {
            throw new IllegalArgumentException("gRPC TLS needs both PYROMETER_GRPC_TLS_CERT and PYROMETER_GRPC_TLS_KEY (only "
                    + (cert.isEmpty() ? "the key" : "the certificate") + " is set)");
        }
        if (clientAuth != ClientAuth.NONE && (cert.isEmpty() || clientCa.isEmpty())) {
            throw new IllegalArgumentException("PYROMETER_GRPC_TLS_CLIENT_AUTH=" + clientAuth.name().toLowerCase(Locale.ROOT)
                    + " needs TLS (PYROMETER_GRPC_TLS_CERT, PYROMETER_GRPC_TLS_KEY) and PYROMETER_GRPC_TLS_CLIENT_CA");
        }
        if (clientAuth == ClientAuth.NONE && !clientCa.isEmpty()) {
            throw new IllegalArgumentException("PYROMETER_GRPC_TLS_CLIENT_CA is set but PYROMETER_GRPC_TLS_CLIENT_AUTH=none: "
                    + "set it to require (or optional), or unset the CA");
        }
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("PYROMETER_GRPC_TLS_RELOAD_INTERVAL must be positive, not " + reloadInterval);
        }
    }

    /**
     * From the raw settings; {@code clientAuth} is none, optional or require, and "" means require when
     * a client CA is given, none otherwise.
     */
    public static GrpcTlsSettings of(String cert, String key, String clientCa, String clientAuth, Duration reloadInterval) {
        String auth = clientAuth.trim().toLowerCase(Locale.ROOT);
        ClientAuth parsed = switch (auth) {
            case "" -> clientCa.isBlank() ? ClientAuth.NONE : ClientAuth.REQUIRE;
            case "none" -> ClientAuth.NONE;
            case "optional" -> ClientAuth.OPTIONAL;
            case "require" -> ClientAuth.REQUIRE;
            default -> throw new IllegalArgumentException(
                    "PYROMETER_GRPC_TLS_CLIENT_AUTH must be none, optional or require, not '" + clientAuth + "'");
        };
        return new GrpcTlsSettings(cert.trim(), key.trim(), clientCa.trim(), parsed, reloadInterval);
    }

    public boolean enabled() {
        return !cert.isEmpty();
    }
}
