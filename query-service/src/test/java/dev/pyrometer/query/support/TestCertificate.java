package dev.pyrometer.query.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made at test time with the JDK's keytool into a
 * PKCS12 key store, and the settings that make query-service serve HTTPS with it.
 */
public record TestCertificate(Path keyStore, String password) {
    public static TestCertificate create(Path directory) {
        Path keyStore = directory.resolve("server.p12");
        String password = "test-" + Long.toHexString(System.nanoTime());
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "pyrometer", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        try {
            Files.createDirectories(directory);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new TestCertificate(keyStore, password);
    }

    /** Command-line settings for HTTPS on the API port: this key store, in place of application.yml's PEM bundle "http". */
    public String[] serverSettings() {
        return new String[] {"--server.ssl.enabled=true", "--server.ssl.bundle=", "--server.ssl.key-store=" + keyStore, "--server.ssl.key-store-type=PKCS12",
                "--server.ssl.key-store-password=" + password, "--server.ssl.key-alias=pyrometer"};
    }
}
