package dev.pyrometer.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Settings after precedence was applied (flags > environment > file > defaults). Each typed getter
 * throws a {@link ConfigException} that names the setting, its value and where that value came from.
 */
public final class ResolvedConfig {
    /** A value and its origin; {@code origin} is e.g. "--push.timeout", "PYROMETER_PUSH_TIMEOUT" or "default". */
    public record Value(String text, Source source, String origin) {
    }

    private final Map<String, Value> values;
    private final Map<String, Value> staticLabels;

    ResolvedConfig(Map<String, Value> values, Map<String, Value> staticLabels) {
        this.values = Map.copyOf(values);
        this.staticLabels = Collections.unmodifiableMap(new LinkedHashMap<>(staticLabels));
    }

    public Value value(Setting setting) {
        Value value = values.get(setting.name());
        return value != null ? value : new Value(setting.defaultValue(), Source.DEFAULT, "default");
    }

    public String string(Setting setting) {
        return value(setting).text();
    }

    public boolean isSet(Setting setting) {
        return !string(setting).isBlank();
    }

    public Duration duration(Setting setting) throws ConfigException {
        return parse(setting, Values::duration);
    }

    public long bytes(Setting setting) throws ConfigException {
        return parse(setting, Values::bytes);
    }

    public boolean bool(Setting setting) throws ConfigException {
        return parse(setting, Values::bool);
    }

    public int count(Setting setting) throws ConfigException {
        return parse(setting, Values::positiveInt);
    }

    public double fraction(Setting setting) throws ConfigException {
        return parse(setting, Values::fraction);
    }

    public Map<String, String> pairs(Setting setting) throws ConfigException {
        return parse(setting, Values::pairs);
    }

    /** Static labels from {@code labels} and {@code labels.<name>} keys, higher precedence winning per name. */
    public Map<String, Value> staticLabels() {
        return staticLabels;
    }

    /** The bearer token: the content of {@code token-file} when set, else {@code token}; "" when neither. */
    public String token() throws ConfigException {
        if (isSet(Catalog.TOKEN_FILE)) {
            Path file = Path.of(string(Catalog.TOKEN_FILE));
            try {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw problem(Catalog.TOKEN_FILE, "cannot read the token file: " + e.getMessage());
            }
        }
        return string(Catalog.TOKEN).trim();
    }

    /** Fails unless every named setting is set, e.g. {@code service-name}. */
    public void require(List<Setting> settings) throws ConfigException {
        for (Setting setting : settings) {
            if (!isSet(setting)) {
                throw new ConfigException("setting " + setting.name() + " is required: pass " + setting.flag() + "=..., set "
                        + setting.env() + ", or put " + setting.name() + " in the settings file");
            }
        }
    }

    public ConfigException problem(Setting setting, String message) {
        Value value = value(setting);
        return new ConfigException(setting.name() + "='" + value.text() + "' (from " + value.origin() + "): " + message);
    }

    private <T> T parse(Setting setting, Function<String, T> parser) throws ConfigException {
        try {
            return parser.apply(string(setting));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw problem(setting, e.getMessage());
        }
    }
}
