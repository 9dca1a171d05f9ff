package dev.pyrometer.agent.config;

import java.util.List;
import java.util.Locale;

/**
 * One setting of the agent. Its {@code name} is the key in a configuration file and, prefixed with
 * {@code --}, the command-line flag (also the key in {@code -javaagent:} options); its environment
 * variable is {@code PYROMETER_} plus the name upper-cased with {@code .} and {@code -} as {@code _}.
 *
 * @param name         canonical name, e.g. {@code push.timeout}
 * @param aliases      other names accepted as flags, options or file keys (never as environment variables)
 * @param defaultValue the value when no source sets it; "" means unset
 * @param mode         where the setting applies
 * @param description  one line for {@code settings} output and the README
 */
public record Setting(String name, List<String> aliases, String defaultValue, Mode mode, String description) {

    /** Which commands read a setting. */
    public enum Mode { ALL, SIDECAR, JAVAAGENT, PUSH_CLI }

    public Setting {
        aliases = List.copyOf(aliases);
    }

    public String env() {
        return "PYROMETER_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String flag() {
        return "--" + name;
    }

    public boolean matches(String key) {
        return name.equals(key) || aliases.contains(key);
    }
}
