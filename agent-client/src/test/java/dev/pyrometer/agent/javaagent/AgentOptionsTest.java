package dev.pyrometer.agent.javaagent;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentOptionsTest {

    @Test
    void parsesCommaSeparatedPairsWithListsInside() {
        assertThat(AgentOptions.parse("service_name=api, server=ingest:4100,labels=env=prod;team=core,tls,labels.zone=b"))
                .containsExactly(Map.entry("service_name", "api"), Map.entry("server", "ingest:4100"),
                        Map.entry("labels", "env=prod;team=core"), Map.entry("tls", "true"), Map.entry("labels.zone", "b"));
        assertThat(AgentOptions.parse(null)).isEmpty();
        assertThat(AgentOptions.parse("")).isEmpty();
    }
}
