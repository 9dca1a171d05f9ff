package dev.pyrometer.agent.config;

/**
 * TLS of the connection to ingest-service. Files are PEM and read when the channel is opened.
 *
 * @param enabled  TLS at all; off, the connection is plaintext (fine on loopback, nowhere else)
 * @param caFile   trusted CA certificates; "" trusts the JVM's trust store
 * @param certFile client certificate chain for mutual TLS; "" presents none
 * @param keyFile  the client certificate's private key (PKCS#8); set exactly when {@code certFile} is
 */
public record TlsConfig(boolean enabled, String caFile, String certFile, String keyFile) {
    public static final TlsConfig PLAINTEXT = new TlsConfig(false, "", "", "");

    static TlsConfig from(ResolvedConfig config, boolean httpsServer) throws ConfigException {
        TlsConfig tls = new TlsConfig(httpsServer || config.bool(Catalog.TLS), config.string(Catalog.TLS_CA_FILE).trim(),
                config.string(Catalog.TLS_CERT_FILE).trim(), config.string(Catalog.TLS_KEY_FILE).trim());
        if (tls.certFile.isEmpty() != tls.keyFile.isEmpty()) {
            throw config.problem(tls.certFile.isEmpty() ? Catalog.TLS_CERT_FILE : Catalog.TLS_KEY_FILE,
                    "must be set together with " + (tls.certFile.isEmpty() ? Catalog.TLS_KEY_FILE : Catalog.TLS_CERT_FILE).name());
        }
        if (!tls.enabled && (!tls.caFile.isEmpty() || !tls.certFile.isEmpty())) {
            throw config.problem(Catalog.TLS, "is false but TLS files are set; set tls=true or use an https:// server");
        }
        return tls;
    }

    public boolean clientCertificate() {
        return !certFile.isEmpty();
    }
}
