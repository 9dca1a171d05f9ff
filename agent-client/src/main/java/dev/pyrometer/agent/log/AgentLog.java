package dev.pyrometer.agent.log;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * The agent's one-line log on standard error: {@code <UTC time> pyrometer-agent LEVEL message}.
 * It never throws (a broken stream is ignored) and owns no thread, so it is safe inside a host JVM
 * whose own logging the agent must not touch. The level is process-wide.
 */
public final class AgentLog {
    public enum Level { DEBUG, INFO, WARN, ERROR, OFF }

    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.err;

    private AgentLog() {
    }

    /** Sets the level from a name (debug, info, warn, error, off); an unknown name keeps the current one. */
    public static void level(String name) {
        try {
            threshold = Level.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            warn("unknown log level '" + name + "', keeping " + threshold.name().toLowerCase(Locale.ROOT));
        }
    }

    public static boolean enabled(Level level) {
        return level.ordinal() >= threshold.ordinal() && level != Level.OFF;
    }

    public static void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    public static void info(String message) {
        log(Level.INFO, message, null);
    }

    public static void warn(String message) {
        log(Level.WARN, message, null);
    }

    public static void warn(String message, Throwable error) {
        log(Level.WARN, message, error);
    }

    public static void error(String message, Throwable error) {
        log(Level.ERROR, message, error);
    }

    private static void log(Level level, String message, Throwable error) {
        if (!enabled(level)) {
            return;
        }
        try {
            StringBuilder line = new StringBuilder(message.length() + 64)
                    .append(Instant.now()).append(" pyrometer-agent ").append(level).append(' ').append(message);
            if (error != null) {
                line.append(": ").append(error);
            }
            out.println(line);
            if (error != null && enabled(Level.DEBUG)) {
                error.printStackTrace(out);
            }
        } catch (RuntimeException ignored) {
            // logging must never fail the caller
        }
    }
}
