package dev.pyrometer.agent.config;

import dev.pyrometer.agent.log.AgentLog;

import java.util.Map;

/**
 * What every mode needs from the settings: the resolved settings, the series labels and the push
 * client's configuration. Applies {@code log-level} as a side effect.
 */
public record CommonSetup(ResolvedConfig config, Map<String, String> labels, PushConfig push) {

    public static CommonSetup load(Map<String, String> flags, Map<String, String> env) throws ConfigException {
        ResolvedConfig config = ConfigLoader.standard().load(flags, env);
        AgentLog.level(config.string(Catalog.LOG_LEVEL));
        return new CommonSetup(config, SeriesLabels.resolve(config, env), PushConfig.from(config));
    }
}
