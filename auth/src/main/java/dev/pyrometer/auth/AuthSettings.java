package dev.pyrometer.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The authentication mode ({@code PYROMETER_AUTH}) and how long token lookups are cached
 * ({@code PYROMETER_AUTH_CACHE_TTL}).
 *
 * <ul>
 *   <li>{@code auto} (default): no authentication when every public listener binds a loopback address; otherwise
 *       the service refuses to start ({@link #resolve} throws {@link InsecureStartException}).</li>
 *   <li>{@code tokens}: every request needs an API token.</li>
 *   <li>{@code off}: nobody is asked for credentials, wherever the service listens (warned at start and hourly when
 *       a listener is not loopback).</li>
 * </ul>
 */
public record AuthSettings(Mode mode, Duration cacheTtl) {
    public enum Mode { AUTO, TOKENS, OFF }

    /** A listener of the service: its name for messages (e.g. "gRPC (PYROMETER_GRPC_ADDRESS)") and bind address. */
    public record Listener(String name, String address) {
        /** Whether the address is loopback only; empty, wildcard or unresolvable addresses are not. */
        public boolean loopback() {
            if (address == null || address.isBlank()) {
                return false;
            }
            String host = address.strip();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    /** What {@link #resolve} decided. */
    public record Decision(boolean tokensRequired, boolean exposedWithoutAuth, List<Listener> listeners) {
    }

    public AuthSettings {
        if (cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("PYROMETER_AUTH_CACHE_TTL must be between 0s and 60s, not " + cacheTtl);
        }
    }

    /** From the setting's text (auto, tokens or off, any case); IllegalArgumentException naming the valid values. */
    public static AuthSettings of(String mode, Duration cacheTtl) {
        String text = mode == null || mode.isBlank() ? "auto" : mode.strip().toUpperCase(Locale.ROOT);
        try {
            return new AuthSettings(Mode.valueOf(text), cacheTtl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PYROMETER_AUTH must be auto, tokens or off, not '" + mode + "'");
        }
    }

    /**
     * Whether tokens are required given the service's public listeners. {@link InsecureStartException} in auto mode
     * when any listener is not loopback; its message says how to create a token and what to set.
     *
     * @param jar the service's jar name for the message, e.g. {@code ingest-service-exec.jar}
     */
    public Decision resolve(List<Listener> listeners, String jar) {
        List<Listener> exposed = listeners.stream().filter(listener -> !listener.loopback()).toList();
        return switch (mode) {
            case TOKENS -> new Decision(true, false, listeners);
            case OFF -> new Decision(false, !exposed.isEmpty(), listeners);
            case AUTO -> {
                if (!exposed.isEmpty()) {
                    throw new InsecureStartException(refusal(exposed, jar));
                }
                yield new Decision(false, false, listeners);
            }
        };
    }

    static String refusal(List<Listener> exposed, String jar) {
        StringBuilder where = new StringBuilder();
        for (Listener listener : exposed) {
            where.append(where.isEmpty() ? "" : ", ").append(listener.name()).append(" on ")
                    .append(listener.address() == null || listener.address().isBlank() ? "every interface" : listener.address());
        }
        return "refusing to start without authentication: " + where + " is not a loopback address and PYROMETER_AUTH"
                + " is auto. To require API tokens: create one with `java -jar " + jar
                + " tokens create --tenant=<tenant> --scope=push,read --name=<name>` (and an admin token with"
                + " `--tenant='*' --scope=admin`), against the same database (PYROMETER_JDBC_URL), then set"
                + " PYROMETER_AUTH=tokens. To stay local, bind 127.0.0.1. To accept unauthenticated access to every"
                + " tenant, set PYROMETER_AUTH=off. See docs/security.md.";
    }

    /** Thrown at start-up when auto mode would expose a listener without authentication. */
    public static final class InsecureStartException extends IllegalStateException {
        public InsecureStartException(String message) {
            super(message);
        }
    }
}
