package dev.pyrometer.agent.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlatYamlTest {

    @Test
    void flattensNestedMappings() {
        Map<String, String> flat = FlatYaml.parse("""
                # agent settings
                server: ingest:4100
                push:
                  timeout: 5s
                  queue-profiles: 10
                labels:
                  env: 'prod # not a comment'
                  team: "a \\"b\\""
                interval: 15s
                """);

        assertThat(flat).containsExactly(Map.entry("server", "ingest:4100"), Map.entry("push.timeout", "5s"),
                Map.entry("push.queue-profiles", "10"), Map.entry("labels.env", "prod # not a comment"),
                Map.entry("labels.team", "a \"b\""), Map.entry("interval", "15s"));
    }

    @Test
    void refusesWhatItDoesNotUnderstandWithTheLine() {
        assertThatThrownBy(() -> FlatYaml.parse("labels:\n  - env\n")).hasMessageStartingWith("line 2:");
        assertThatThrownBy(() -> FlatYaml.parse("a: [1, 2]\n")).hasMessageStartingWith("line 1:");
        assertThatThrownBy(() -> FlatYaml.parse("just text\n")).hasMessageStartingWith("line 1:");
    }
}
