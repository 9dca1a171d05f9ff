package dev.pyrometer.auth;

import java.util.List;

/**
 * What a service tells {@link dev.pyrometer.auth.config.AuthConfiguration} about itself: its exec jar's name (for the
 * start-up message) and its public listeners (management ports are not among them).
 */
public record AuthListeners(String jar, List<AuthSettings.Listener> listeners) {
    public AuthListeners {
        listeners = List.copyOf(listeners);
    }
}
