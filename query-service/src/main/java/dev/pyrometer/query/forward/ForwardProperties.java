package dev.pyrometer.query.forward;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * Where query-service forwards the Pyroscope push edges it accepts on its own port.
 *
 * @param url          ingest-service's public HTTP edge, e.g. {@code http://127.0.0.1:4140}
 * @param maxBodyBytes largest request body forwarded, as sent (compressed or not); a larger one is a 413
 * @param timeout      longest wait for ingest-service to connect and to answer
 */
@ConfigurationProperties("pyrometer.query.ingest")
public record ForwardProperties(URI url, long maxBodyBytes, Duration timeout) {
}
