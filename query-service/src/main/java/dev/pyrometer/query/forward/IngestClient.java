package dev.pyrometer.query.forward;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import javax.net.ssl.SSLContext;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * The HTTP client that reaches ingest-service. For an {@code https} ingest URL it trusts the SSL bundle
 * {@value #BUNDLE} (the CA file {@code PYROMETER_QUERY_INGEST_CA}; with none, the JVM's trust store) and
 * checks the server's name as usual; when the bundle's file changes the client is rebuilt, so the next
 * request trusts the new CA without a restart.
 */
final class IngestClient {
    static final String BUNDLE = "ingest";

    private final Duration connectTimeout;
    private volatile HttpClient client;

    /** Trusting the JVM's trust store. */
    IngestClient(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        try {
            this.client = build(SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    /** Trusting bundle {@value #BUNDLE} of {@code bundles}, and following its updates. */
    IngestClient(Duration connectTimeout, SslBundles bundles) {
        this.connectTimeout = connectTimeout;
        this.client = build(bundles.getBundle(BUNDLE));
        bundles.addBundleUpdateHandler(BUNDLE, updated -> client = build(updated));
    }

    HttpClient get() {
        return client;
    }

    private HttpClient build(SslBundle bundle) {
        return build(bundle.createSslContext());
    }

    private HttpClient build(SSLContext context) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
    }
}
