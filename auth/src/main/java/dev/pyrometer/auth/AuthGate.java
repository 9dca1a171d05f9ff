package dev.pyrometer.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The service's start-up decision: {@link AuthSettings#resolve} over its public listeners, logged once. When
 * authentication is off on a non-loopback listener, a warning is logged at start and then every {@code warnEvery}
 * (an hour in the services) until {@link #close()}.
 */
public final class AuthGate implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuthGate.class);
    private final AuthSettings.Decision decision;
    private final ScheduledExecutorService warner;

    public AuthGate(AuthSettings settings, List<AuthSettings.Listener> listeners, String jar, Duration warnEvery) {
        this.decision = settings.resolve(listeners, jar);
        if (decision.tokensRequired()) {
            log.info("authentication: API tokens required on {}", describe(listeners));
            warner = null;
        } else if (decision.exposedWithoutAuth()) {
            String warning = "authentication is OFF (PYROMETER_AUTH=off) while listening on " + describe(listeners)
                    + ": anyone who reaches these ports can read and write every tenant. Create tokens with `java -jar "
                    + jar + " tokens create ...` and set PYROMETER_AUTH=tokens";
            log.warn(warning);
            warner = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "auth-off-warning");
                thread.setDaemon(true);
                return thread;
            });
            warner.scheduleAtFixedRate(() -> log.warn(warning), warnEvery.toMillis(), warnEvery.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            log.info("authentication is off: listening on loopback only ({})", describe(listeners));
            warner = null;
        }
    }

    /** Whether requests must carry an API token. */
    public boolean tokensRequired() {
        return decision.tokensRequired();
    }

    public AuthSettings.Decision decision() {
        return decision;
    }

    private static String describe(List<AuthSettings.Listener> listeners) {
        StringBuilder text = new StringBuilder();
        for (AuthSettings.Listener listener : listeners) {
            text.append(text.isEmpty() ? "" : ", ").append(listener.name()).append(' ').append(listener.address());
        }
        return text.toString();
    }

    @Override
    public void close() {
        if (warner != null) {
            warner.shutdownNow();
        }
    }
}
