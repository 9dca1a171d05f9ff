package dev.pyrometer.deploy;

import dev.pyrometer.agent.config.Catalog;
import dev.pyrometer.agent.config.Setting;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real settings: each service's {@code application.yml} ({@code ${PYROMETER_X:default}} placeholders)
 * and the agent's settings catalog (the class its jar reads them with).
 */
final class Settings {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(PYROMETER_[A-Z0-9_]+):([^}]*)}");

    /** One service's settings: variable to default, and the YAML tree to find which variable sets what. */
    record Service(String name, Map<String, String> defaults, Map<String, Object> yaml) {
        /** The variable behind a key such as {@code server.port}. */
        String variable(String dottedKey) {
            return placeholder(dottedKey).group(1);
        }

        String defaultOf(String dottedKey) {
            return placeholder(dottedKey).group(2);
        }

        /** The value a container gets for {@code dottedKey} given its environment. */
        String effective(String dottedKey, Map<String, String> env) {
            return env.getOrDefault(variable(dottedKey), defaultOf(dottedKey));
        }

        private Matcher placeholder(String dottedKey) {
            Object node = yaml;
            for (String part : dottedKey.split("\\.")) {
                if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                    throw new AssertionError(name + " has no setting " + dottedKey);
                }
                node = map.get(part);
            }
            Matcher matcher = PLACEHOLDER.matcher(String.valueOf(node));
            if (!matcher.matches()) {
                throw new AssertionError(name + "'s " + dottedKey + " is not a ${PYROMETER_...:default} placeholder: " + node);
            }
            return matcher;
        }
    }

    final Service ingest;
    final Service query;
    /** Agent variable to default. */
    final Map<String, String> agent = new TreeMap<>();

    Settings(Path repo) throws IOException {
        ingest = service("ingest-service", repo.resolve("ingest-service/src/main/resources/application.yml"));
        query = service("query-service", repo.resolve("query-service/src/main/resources/application.yml"));
        for (Setting setting : Catalog.all()) {
            agent.put(setting.env(), setting.defaultValue());
        }
    }

    /** The environment variables the agent's default env-labels setting reads (the Downward API ones). */
    List<String> agentEnvLabelVariables() {
        return java.util.Arrays.stream(Catalog.ENV_LABELS.defaultValue().split(","))
                .map(pair -> pair.substring(pair.indexOf('=') + 1).trim())
                .toList();
    }

    boolean known(String variable) {
        return ingest.defaults().containsKey(variable) || query.defaults().containsKey(variable) || agent.containsKey(variable);
    }

    private static Service service(String name, Path applicationYml) throws IOException {
        String text = Files.readString(applicationYml);
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            defaults.put(matcher.group(1), matcher.group(2));
        }
        Map<String, Object> yaml = new Yaml().load(text);
        return new Service(name, defaults, yaml);
    }
}
