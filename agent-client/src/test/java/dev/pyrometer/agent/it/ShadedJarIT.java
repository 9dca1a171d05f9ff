package dev.pyrometer.agent.it;

import dev.pyrometer.agent.testing.AgentJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The one jar: only our classes and relocated third-party ones, working service files, both entry points. */
class ShadedJarIT {
    private static final String SHADED = "dev/pyrometer/agent/shaded/";

    @Test
    void holdsNoUnrelocatedThirdPartyClass() throws IOException {
        List<String> strays = new ArrayList<>();
        int relocated = 0;
        try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.startsWith(SHADED)) {
                    relocated++;
                } else if (!name.startsWith("dev/pyrometer/agent/") && !name.startsWith("META-INF/")) {
                    strays.add(name);
                } else if (name.startsWith("META-INF/versions/") && name.endsWith(".class")
                        && !name.matches("META-INF/versions/\\d+/dev/pyrometer/agent/.*")) {
                    strays.add(name);
                }
            }
        }
        assertThat(strays).as("entries outside dev/pyrometer/agent/ and META-INF/").isEmpty();
        assertThat(relocated).as("relocated classes (grpc, netty, protobuf, guava, our shared modules)").isGreaterThan(1000);
    }

    @Test
    void serviceFilesNameRelocatedClassesThatExist() throws IOException {
        try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
            List<JarEntry> services = Collections.list(jar.entries()).stream()
                    .filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory()).toList();
            assertThat(services).extracting(JarEntry::getName)
                    .contains("META-INF/services/dev.pyrometer.agent.shaded.io.grpc.ManagedChannelProvider",
                            "META-INF/services/dev.pyrometer.agent.shaded.io.grpc.NameResolverProvider");
            for (JarEntry service : services) {
                assertThat(service.getName()).startsWith("META-INF/services/dev.pyrometer.agent.shaded.");
                try (InputStream in = jar.getInputStream(service)) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String provider = line.replaceAll("#.*", "").trim();
                        if (!provider.isEmpty()) {
                            assertThat(provider).startsWith("dev.pyrometer.agent.shaded.");
                            assertThat(jar.getEntry(provider.replace('.', '/') + ".class")).as(provider).isNotNull();
                        }
                    }
                }
            }
        }
    }

    @Test
    void manifestNamesBothEntryPoints() throws IOException {
        try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Main-Class")).isEqualTo("dev.pyrometer.agent.Main");
            assertThat(main.getValue("Premain-Class")).isEqualTo("dev.pyrometer.agent.javaagent.AgentMain");
            assertThat(main.getValue("Agent-Class")).isEqualTo("dev.pyrometer.agent.javaagent.AgentMain");
        }
    }

    @Test
    void runsOnThisJava(@TempDir Path dir) throws Exception {
        AgentJar.Result version = AgentJar.run(List.of("version"), dir.resolve("version.log"));
        AgentJar.Result settings = AgentJar.run(List.of("settings"), dir.resolve("settings.log"));
        AgentJar.Result bad = AgentJar.run(List.of("sidecar", "--no-such-setting=1", "--service-name=x"), dir.resolve("bad.log"));

        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).startsWith("pyrometer-agent ");
        assertThat(settings.output()).contains("--push.queue-profiles", "PYROMETER_PUSH_QUEUE_PROFILES");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).contains("unknown setting flag --no-such-setting");
    }
}
