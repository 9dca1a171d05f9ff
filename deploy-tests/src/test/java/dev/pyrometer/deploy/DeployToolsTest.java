package dev.pyrometer.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy files checked by real tools, as CI installs them (.ci/run): Debian's docker-compose
 * ({@code config -q}: the Compose schema, references such as {@code network_mode: service:demo}),
 * yamllint, a real kustomize render ({@code kubectl kustomize}) whose every object then has to map onto
 * the Kubernetes API types with no unknown field (fabric8's models, generated from the Kubernetes
 * OpenAPI), and shellcheck on the run script. Without a tool the check is skipped, except in CI
 * ({@code CI} set), where it fails.
 */
class DeployToolsTest {
    private static final Map<String, Class<?>> KINDS = Map.of(
            "Namespace", Namespace.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class, "Service", Service.class,
            "Deployment", Deployment.class, "StatefulSet", StatefulSet.class, "NetworkPolicy", NetworkPolicy.class);

    private final Path repo = Path.of(System.getProperty("pyrometer.repo", "..")).toAbsolutePath().normalize();

    /** Exit code, standard output, standard error. */
    record Result(int code, String output, String errors) {
    }

    @Test
    void dockerComposeAcceptsTheComposeFile() throws Exception {
        require("docker-compose", "apt-get install docker-compose");
        Result result = run("docker-compose", "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.code()).as("docker-compose config -q:\n%s%s", result.output(), result.errors()).isZero();
        Result services = run("docker-compose", "-f", "docker-compose.yml", "config", "--services");
        assertThat(services.output().lines().toList()).containsExactlyInAnyOrder("postgres", "ingest-service", "query-service", "demo", "agent");
    }

    @Test
    void yamllintAcceptsComposeAndManifests() throws Exception {
        require("yamllint", "apt-get install yamllint");
        Result result = run("yamllint", "--strict", "-c", "deploy/.yamllint.yaml", "docker-compose.yml", "deploy/");
        assertThat(result.code()).as("yamllint:\n%s%s", result.output(), result.errors()).isZero();
    }

    @Test
    void shellcheckAcceptsTheRunScript() throws Exception {
        assertThat(run("bash", "-n", "run.sh").code()).as("bash -n run.sh").isZero();
        require("shellcheck", "apt-get install shellcheck");
        Result result = run("shellcheck", "run.sh");
        assertThat(result.code()).as("shellcheck run.sh:\n%s%s", result.output(), result.errors()).isZero();
    }

    @Test
    void kustomizeRendersEveryVariantIntoValidKubernetesObjects() throws Exception {
        require("kubectl", "a kubectl with kustomize v4 or newer; the machine image has one");
        check("deploy/k8s/overlays/postgres", List.of("Namespace", "ConfigMap", "Secret", "Service", "Deployment", "StatefulSet", "NetworkPolicy"));
        check("deploy/k8s/overlays/external-db", List.of("Namespace", "ConfigMap", "Secret", "Service", "Deployment", "NetworkPolicy"));
        check("deploy/k8s/demo", List.of("Deployment", "NetworkPolicy"));
    }

    private void check(String dir, List<String> expectedKinds) throws Exception {
        Result render = run("kubectl", "kustomize", dir);
        if (render.code() != 0) {
            // Debian's kubernetes-client (1.20) embeds kustomize v2.0.3, too old for directories in resources.
            Result version = run("kubectl", "version", "--client");
            throw new AssertionError("kubectl kustomize " + dir + " failed (needs kustomize v4 or newer; this kubectl: "
                    + version.output().trim() + ")\n" + render.output() + render.errors());
        }
        List<Map<String, Object>> docs = Y.loadAll(render.output());
        assertThat(docs).extracting(d -> String.valueOf(d.get("kind"))).containsAll(expectedKinds);
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            String kind = String.valueOf(doc.get("kind"));
            Class<?> type = KINDS.get(kind);
            String where = dir + ": " + kind + " " + Y.name(doc);
            if (type == null) {
                problems.add(where + ": unexpected kind");
                continue;
            }
            assertThat(Y.str(doc, "metadata.namespace") != null || kind.equals("Namespace")).as("%s has a namespace", where).isTrue();
            Object model = mapper.readValue(json.writeValueAsString(doc), type);
            unknownFields(model, where, problems);
        }
        assertThat(problems).as("fields the Kubernetes API does not know").isEmpty();
    }

    /** Walks a fabric8 model: any field that no API type declares ends up in an additionalProperties map. */
    private static void unknownFields(Object node, String path, List<String> problems) throws ReflectiveOperationException {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), problems);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (name.equals("getAdditionalProperties")) {
                Map<?, ?> extra = (Map<?, ?>) getter.invoke(node);
                if (extra != null && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else if (name.startsWith("get") && name.length() > 3 && !name.equals("getClass")) {
                unknownFields(getter.invoke(node), path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4), problems);
            }
        }
    }

    private static void require(String tool, String install) throws Exception {
        boolean present = new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError(tool + " is not installed, and CI must run this check (" + install + "; .ci/run installs the Debian ones)");
        }
        Assumptions.assumeTrue(present, tool + " is not installed (" + install + "); skipped outside CI");
    }

    private Result run(String... command) throws IOException, InterruptedException {
        java.io.File errors = java.io.File.createTempFile("deploy-tools", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(repo.toFile()).redirectError(errors).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(errors.toPath(), StandardCharsets.UTF_8));
        } finally {
            java.nio.file.Files.deleteIfExists(errors.toPath());
        }
    }
}
