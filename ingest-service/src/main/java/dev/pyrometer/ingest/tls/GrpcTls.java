package dev.pyrometer.ingest.tls;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC port's credentials: plaintext, or TLS from PEM files that are read at start (a missing or
 * unreadable file fails the start) and re-read every {@link GrpcTlsSettings#reloadInterval()} when
 * their modification time changes, so new connections get a rotated certificate, and a rotated
 * client CA applies to them, without a restart. Connections already open keep the certificate
 * they were made with. A reload that fails (e.g. a half-written file) keeps the previous
 * credentials and is retried at the next interval.
 */
public final class GrpcTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GrpcTls.class);

    private final ServerCredentials credentials;
    private final ScheduledExecutorService reloads;
    private final List<Closeable> watches;

    private GrpcTls(ServerCredentials credentials, ScheduledExecutorService reloads, List<Closeable> watches) {
        this.credentials = credentials;
        this.reloads = reloads;
        this.watches = watches;
    }

    /** Plaintext when {@code settings} has no certificate, else TLS as they say. */
    public static GrpcTls start(GrpcTlsSettings settings) throws IOException, GeneralSecurityException {
        if (!settings.enabled()) {
            return new GrpcTls(InsecureServerCredentials.create(), null, List.of());
        }
        ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "grpc-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        List<Closeable> watches = new ArrayList<>();
        try {
            long period = settings.reloadInterval().toMillis();
            AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
            watches.add(keyManager.updateIdentityCredentials(new File(settings.cert()), new File(settings.key()),
                    period, TimeUnit.MILLISECONDS, reloads)::close);
            TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(keyManager);
            if (settings.clientAuth() != GrpcTlsSettings.ClientAuth.NONE) {
                AdvancedTlsX509TrustManager trustManager = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                        .build();
                watches.add(trustManager.updateTrustCredentials(new File(settings.clientCa()), period, TimeUnit.MILLISECONDS,
                        reloads)::close);
                builder.trustManager(trustManager).clientAuth(settings.clientAuth() == GrpcTlsSettings.ClientAuth.REQUIRE
                        ? TlsServerCredentials.ClientAuth.REQUIRE : TlsServerCredentials.ClientAuth.OPTIONAL);
            }
            log.info("gRPC TLS: certificate {}, client certificates {}{}, files re-read every {}", settings.cert(),
                    settings.clientAuth().name().toLowerCase(Locale.ROOT),
                    settings.clientAuth() == GrpcTlsSettings.ClientAuth.NONE ? "" : " (CA " + settings.clientCa() + ")",
                    settings.reloadInterval());
            return new GrpcTls(builder.build(), reloads, watches);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            closeAll(watches);
            reloads.shutdownNow();
            throw e;
        }
    }

    public ServerCredentials credentials() {
        return credentials;
    }

    public boolean tls() {
        return reloads != null;
    }

    /** Stops re-reading the files. */
    @Override
    public void close() {
        closeAll(watches);
        if (reloads != null) {
            reloads.shutdownNow();
        }
    }

    private static void closeAll(List<Closeable> watches) {
        for (Closeable watch : watches) {
            try {
                watch.close();
            } catch (IOException e) {
                log.debug("closing a certificate watch", e);
            }
        }
    }

    /** For log lines and tests. */
    @Override
    public String toString() {
        return tls() ? "TLS" : "plaintext";
    }
}
