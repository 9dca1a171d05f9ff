package dev.pyrometer.agent.config;

/** Where a setting's value came from, highest precedence first. */
public enum Source {
    /** A command-line flag, or an option of {@code -javaagent:jar=...}. */
    FLAG,
    /** A {@code PYROMETER_*} environment variable. */
    ENV,
    /** The file named by {@code config} / {@code PYROMETER_CONFIG}. */
    FILE,
    /** The built-in default. */
    DEFAULT
}
