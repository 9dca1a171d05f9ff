package dev.pyrometer.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private final ConfigLoader loader = ConfigLoader.standard();

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults(@TempDir Path dir) throws Exception {
        Path file = write(dir, "agent.yaml", """
                service-name: from-file
                interval: 20s
                push:
                  timeout: 7s
                  linger: 50ms
                scrape-timeout: 3s   # a comment
                """);
        Map<String, String> env = Map.of("PYROMETER_CONFIG", file.toString(), "PYROMETER_INTERVAL", "30s", "PYROMETER_PUSH_TIMEOUT", "8s");

        ResolvedConfig config = loader.load(Map.of("push.timeout", "9s"), env);

        assertThat(config.duration(Catalog.PUSH_TIMEOUT)).isEqualTo(Duration.ofSeconds(9));
        assertThat(config.value(Catalog.PUSH_TIMEOUT).source()).isEqualTo(Source.FLAG);
        assertThat(config.duration(Catalog.INTERVAL)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.value(Catalog.INTERVAL).source()).isEqualTo(Source.ENV);
        assertThat(config.duration(Catalog.PUSH_LINGER)).isEqualTo(Duration.ofMillis(50));
        assertThat(config.value(Catalog.PUSH_LINGER).source()).isEqualTo(Source.FILE);
        assertThat(config.duration(Catalog.SCRAPE_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.string(Catalog.SERVICE_NAME)).isEqualTo("from-file");
        assertThat(config.bytes(Catalog.PUSH_QUEUE_BYTES)).isEqualTo(8L << 20);
        assertThat(config.value(Catalog.PUSH_QUEUE_BYTES).source()).isEqualTo(Source.DEFAULT);
    }

    @Test
    void propertiesFilesWorkTooAndTheConfigFlagNamesThem(@TempDir Path dir) throws Exception {
        Path file = write(dir, "agent.properties", "service-name=props\nlabels.team=core\ncpu.enabled=false\n");

        ResolvedConfig config = loader.load(Map.of("config", file.toString()), Map.of());

        assertThat(config.string(Catalog.SERVICE_NAME)).isEqualTo("props");
        assertThat(config.bool(Catalog.endpointEnabled("cpu"))).isFalse();
        assertThat(config.staticLabels()).containsOnlyKeys("team");
    }

    @Test
    void aliasesNameTheSameSetting() throws Exception {
        assertThat(loader.load(Map.of("service", "a"), Map.of()).string(Catalog.SERVICE_NAME)).isEqualTo("a");
        assertThat(loader.load(Map.of("service_name", "b"), Map.of()).string(Catalog.SERVICE_NAME)).isEqualTo("b");
    }

    @Test
    void labelsMergePerNameByPrecedence(@TempDir Path dir) throws Exception {
        Path file = write(dir, "agent.yml", """
                labels:
                  env: file
                  team: file
                  region: "eu-1"
                """);
        ResolvedConfig config = loader.load(Map.of("config", file.toString(), "labels.team", "flag", "service-name", "api"),
                Map.of("PYROMETER_LABELS", "env=env;zone=b"));

        Map<String, String> labels = SeriesLabels.resolve(config, Map.of("POD_NAME", "api-7", "NODE_NAME", "", "SERVICE_VERSION", "2.0"));

        assertThat(labels).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("env", "env", "team", "flag", "region", "eu-1",
                "zone", "b", "pod", "api-7", "version", "2.0", "service_name", "api")));
    }

    @Test
    void errorsNameTheSettingTheValueAndItsOrigin() throws Exception {
        ResolvedConfig config = loader.load(Map.of(), Map.of("PYROMETER_PUSH_TIMEOUT", "soon"));

        assertThatThrownBy(() -> config.duration(Catalog.PUSH_TIMEOUT))
                .hasMessage("push.timeout='soon' (from PYROMETER_PUSH_TIMEOUT): not a duration; write e.g. 500ms, 15s, 2m or 1h");
        assertThatThrownBy(() -> loader.load(Map.of("push.timout", "1s"), Map.of()))
                .hasMessageContaining("unknown setting flag --push.timout");
        assertThatThrownBy(() -> SeriesLabels.resolve(loader.load(Map.of(), Map.of()), Map.of()))
                .hasMessageContaining("service-name is required").hasMessageContaining("PYROMETER_SERVICE_NAME");
        assertThatThrownBy(() -> SeriesLabels.resolve(loader.load(Map.of("service-name", "a", "labels", "bad-name=x"), Map.of()), Map.of()))
                .hasMessageContaining("bad-name");
    }

    @Test
    void unknownFileKeysAreRefused(@TempDir Path dir) throws Exception {
        Path file = write(dir, "agent.yaml", "push:\n  timout: 1s\n");

        assertThatThrownBy(() -> loader.load(Map.of("config", file.toString()), Map.of())).hasMessageContaining("push.timout");
    }

    @Test
    void everySettingHasItsOwnEnvironmentVariable() {
        assertThat(Catalog.all().stream().map(Setting::env).distinct().count()).isEqualTo(Catalog.all().size());
        assertThat(Catalog.PUSH_QUEUE_BYTES.env()).isEqualTo("PYROMETER_PUSH_QUEUE_BYTES");
        assertThat(Catalog.TLS_CA_FILE.env()).isEqualTo("PYROMETER_TLS_CA_FILE");
    }

    @Test
    void theReadmeDocumentsEverySetting() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        for (Setting setting : Catalog.all()) {
            if (!setting.name().matches("(cpu|heap|allocs|goroutine|mutex|block|threadcreate)\\.(enabled|path)")) {
                assertThat(readme).as("README row for " + setting.name()).contains("`" + setting.name() + "`", setting.env());
            }
        }
        assertThat(readme).contains("<endpoint>.enabled", "<endpoint>.path");
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
