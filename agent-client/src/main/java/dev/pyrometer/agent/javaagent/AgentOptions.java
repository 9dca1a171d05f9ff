package dev.pyrometer.agent.javaagent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the options of {@code -javaagent:pyrometer-agent.jar=OPTIONS}: {@code name=value} pairs
 * separated by commas, names as the command-line flags without {@code --} (so
 * {@code service_name=api,server=ingest:4100,interval=10s,labels.env=prod}). A list value uses
 * {@code ;} inside: {@code labels=env=prod;team=core}. A bare name means {@code true}.
 */
final class AgentOptions {
    private AgentOptions() {
    }

    static Map<String, String> parse(String options) {
        Map<String, String> result = new LinkedHashMap<>();
        if (options == null || options.isBlank()) {
            return result;
        }
        for (String part : options.split(",")) {
            String option = part.trim();
            if (option.isEmpty()) {
                continue;
            }
            int eq = option.indexOf('=');
            if (eq < 0) {
                result.put(option, "true");
            } else {
                result.put(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
            }
        }
        return result;
    }
}
