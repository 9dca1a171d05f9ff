package dev.pyrometer.query.support;

import dev.pyrometer.storage.testing.TestCa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server certificate for 127.0.0.1 and localhost from a CA made at test time, as PEM files, and the
 * settings that make query-service serve HTTPS with them the way operators configure it: the "http" PEM
 * bundle (PYROMETER_HTTP_TLS_CERT / _KEY) with PYROMETER_HTTP_TLS_ENABLED.
 */
public record TestCertificate(Path certificate, Path privateKey) {
    public static TestCertificate create(Path directory) {
        try {
            Files.createDirectories(directory);
            TestCertificate files = new TestCertificate(directory.resolve("server.pem"), directory.resolve("server.key"));
            TestCa.create("query-browser-test-ca").issueServer(files.certificate, files.privateKey);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test certificate", e);
        }
    }

    /** Command-line settings for HTTPS on the API port. */
    public String[] serverSettings() {
        return new String[] {"--server.ssl.enabled=true", "--spring.ssl.bundle.pem.http.keystore.certificate=" + certificate,
                "--spring.ssl.bundle.pem.http.keystore.private-key=" + privateKey};
    }
}
