package dev.pyrometer.agent.config;

/** A setting is missing, unknown or malformed; the message names the setting and where it came from. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
