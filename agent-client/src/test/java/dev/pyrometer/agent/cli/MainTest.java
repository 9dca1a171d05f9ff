package dev.pyrometer.agent.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void parsesFlagsAndPositionals() {
        Args args = Args.parse(List.of("--server=a:1", "--now", "x.pb.gz", "--", "--odd-file"));

        assertThat(args.flags()).containsExactly(Map.entry("server", "a:1"), Map.entry("now", "true"));
        assertThat(args.positionals()).containsExactly("x.pb.gz", "--odd-file");
    }
}
