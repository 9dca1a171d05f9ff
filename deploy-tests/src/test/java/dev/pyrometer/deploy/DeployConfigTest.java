package dev.pyrometer.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, deploy/docker and deploy/k8s against the services' real settings: every PYROMETER_*
 * variable exists, every port is the one the service listens on given its environment, the management
 * port binds where probes reach it, images and Dockerfile stages line up, and docs/operations.md lists
 * every setting.
 */
class DeployConfigTest {
    private static final Pattern VARIABLE = Pattern.compile("PYROMETER_[A-Z0-9_]*[A-Z0-9]");
    private static final String IMAGE_PREFIX = "pyrometer/";

    private final Path repo = Path.of(System.getProperty("pyrometer.repo", "..")).toAbsolutePath().normalize();
    private Settings settings;
    private String version;

    @BeforeEach
    void load() throws IOException {
        settings = new Settings(repo);
        Matcher matcher = Pattern.compile("<artifactId>pyrometer</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(repo.resolve("pom.xml")));
        assertThat(matcher.find()).as("the root pom's version").isTrue();
        version = matcher.group(1);
    }

    // ------------------------------------------------------------------------------------------
    // Every file

    @Test
    void everyPyrometerVariableNamedInDeployFilesAndTheRunScriptExists() throws IOException {
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        for (Path file : deployFiles()) {
            Matcher matcher = VARIABLE.matcher(Files.readString(file));
            while (matcher.find()) {
                String variable = matcher.group();
                if (!settings.known(variable)) {
                    unknown.computeIfAbsent(repo.relativize(file).toString(), f -> new TreeSet<>()).add(variable);
                }
            }
        }
        assertThat(unknown).as("PYROMETER_* variables that no application.yml and no agent setting defines").isEmpty();
    }

    @Test
    void operationsGuideListsEverySettingWithItsDefault() throws IOException {
        String guide = Files.readString(repo.resolve("docs/operations.md"));
        List<String> missing = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>();
        all.putAll(settings.ingest.defaults());
        all.putAll(settings.query.defaults());
        all.putAll(settings.agent);
        for (Map.Entry<String, String> setting : all.entrySet()) {
            if (!guide.contains("`" + setting.getKey() + "`")) {
                missing.add(setting.getKey());
            }
        }
        assertThat(missing).as("settings missing from docs/operations.md").isEmpty();
        // Defaults as the tables show them: | `VARIABLE` | `default` | (or "empty").
        List<String> wrongDefaults = new ArrayList<>();
        Map<String, Map<String, String>> tables = Map.of("ingest-service", settings.ingest.defaults(),
                "query-service", settings.query.defaults(), "agent", settings.agent);
        tables.forEach((owner, defaults) -> defaults.forEach((variable, value) -> {
            String shown = value.isEmpty() ? "empty" : "`" + value + "`";
            if (!guide.contains("| `" + variable + "` | " + shown + " |")) {
                wrongDefaults.add(owner + ": " + variable + " = " + shown);
            }
        }));
        assertThat(wrongDefaults).as("defaults that docs/operations.md does not state as the code does").isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // docker-compose.yml

    @Test
    void composeServicesUseTheServicesRealVariablesPortsAndImages() throws IOException {
        Map<String, Object> compose = Y.load(repo.resolve("docker-compose.yml"));
        Map<String, Object> services = Y.map(compose, "services");
        assertThat(services).containsKeys("postgres", "ingest-service", "query-service", "demo", "agent");

        // PostgreSQL: the official image, a volume for its data, a healthcheck.
        Map<String, Object> postgres = Y.map(services, "postgres");
        assertThat(Y.str(postgres, "image")).matches("postgres:\\d+(\\.\\d+)?");
        assertThat(String.valueOf(postgres.get("volumes"))).contains(":/var/lib/postgresql/data");
        assertThat(Y.at(postgres, "healthcheck.test")).asString().contains("pg_isready");
        Map<String, String> pgEnv = env(postgres);

        // ingest-service
        Map<String, Object> ingest = Y.map(services, "ingest-service");
        Map<String, String> ingestEnv = env(ingest);
        assertOnlyVariablesOf(settings.ingest, ingestEnv.keySet(), "compose ingest-service");
        String grpcPort = settings.ingest.effective("pyrometer.grpc.port", ingestEnv);
        String ingestHttp = settings.ingest.effective("server.port", ingestEnv);
        String ingestManagement = settings.ingest.effective("management.server.port", ingestEnv);
        assertThat(settings.ingest.effective("management.server.address", ingestEnv)).as("ingest-service management address in compose").isEqualTo("0.0.0.0");
        assertThat(containerPorts(ingest)).as("ingest-service published ports").containsExactlyInAnyOrder(grpcPort, ingestHttp, ingestManagement);
        assertHealthcheck(ingest, ingestManagement);
        assertJdbc(ingestEnv, pgEnv, "ingest-service");
        assertBuild(ingest, "ingest-service", "deploy/docker/Dockerfile");

        // query-service
        Map<String, Object> query = Y.map(services, "query-service");
        Map<String, String> queryEnv = env(query);
        assertOnlyVariablesOf(settings.query, queryEnv.keySet(), "compose query-service");
        String httpPort = settings.query.effective("server.port", queryEnv);
        String queryManagement = settings.query.effective("management.server.port", queryEnv);
        assertThat(settings.query.effective("management.server.address", queryEnv)).as("query-service management address in compose").isEqualTo("0.0.0.0");
        assertThat(containerPorts(query)).as("query-service published ports").containsExactlyInAnyOrder(httpPort, queryManagement);
        assertHealthcheck(query, queryManagement);
        assertJdbc(queryEnv, pgEnv, "query-service");
        assertBuild(query, "query-service", "deploy/docker/Dockerfile");
        assertThat(String.valueOf(query.get("depends_on"))).as("query-service waits for ingest-service's migrations").contains("ingest-service");

        // The demo and its sidecar, sharing one network namespace.
        Map<String, Object> demo = Y.map(services, "demo");
        Map<String, Object> agent = Y.map(services, "agent");
        assertBuild(demo, null, "deploy/docker/demo-go-service.Dockerfile");
        assertBuild(agent, "agent", "deploy/docker/Dockerfile");
        assertThat(Y.str(agent, "network_mode")).isEqualTo("service:demo");
        Map<String, String> agentEnv = env(agent);
        assertOnlyVariablesOf(settings.agent.keySet(), agentEnv.keySet(), "compose agent");
        assertThat(agentEnv).containsKeys("PYROMETER_SERVICE_NAME", "PYROMETER_TARGET", "PYROMETER_SERVER");
        assertThat(agentEnv.get("PYROMETER_SERVER")).as("the agent pushes to ingest-service's gRPC port").isEqualTo("ingest-service:" + grpcPort);
        String demoAddr = demoAddress(String.valueOf(demo.get("command")));
        assertThat(demoAddr).as("the demo's pprof listens on loopback only").startsWith("127.0.0.1:");
        assertThat(agentEnv.get("PYROMETER_TARGET")).as("the agent scrapes the demo's address").isEqualTo("http://" + demoAddr);
        assertThat(demo).as("the demo's pprof is not published").doesNotContainKey("ports");
        assertThat(Y.str(agent, "command")).contains("sidecar");
    }

    // ------------------------------------------------------------------------------------------
    // deploy/docker

    @Test
    void dockerfilesBuildEveryModuleAndRunAsNonRootOnASlimJre() throws IOException {
        String dockerfile = Files.readString(repo.resolve("deploy/docker/Dockerfile"));
        Map<String, String> stages = stages(dockerfile);
        assertThat(stages).containsKeys("build", "runtime", "ingest-service", "query-service", "agent");
        assertThat(stages.get("build")).as("multi-stage Maven build").contains("mvn ").contains("-pl ingest-service,query-service,agent-client -am");
        assertThat(fromOf(stages.get("runtime"))).matches("eclipse-temurin:17-jre.*");
        assertThat(stages.get("runtime")).containsPattern("(?m)^USER 10001:10001$");
        for (String stage : List.of("ingest-service", "query-service", "agent")) {
            assertThat(fromOf(stages.get(stage))).as("stage %s runs on the non-root runtime stage", stage).isEqualTo("runtime");
            assertThat(stages.get(stage)).as("stage %s", stage).doesNotContainPattern("(?m)^USER (root|0)");
        }
        // The build copies the jars the modules really produce.
        assertThat(Files.readString(repo.resolve("ingest-service/pom.xml"))).contains("<classifier>exec</classifier>");
        assertThat(Files.readString(repo.resolve("query-service/pom.xml"))).contains("<classifier>exec</classifier>");
        assertThat(stages.get("build")).contains("ingest-service/target/ingest-service-*-exec.jar")
                .contains("query-service/target/query-service-*-exec.jar").contains("agent-client/target/agent-client-*.jar");
        // Ports and management address as the services define them.
        assertThat(exposed(stages.get("ingest-service"))).containsExactlyInAnyOrder(
                settings.ingest.defaultOf("pyrometer.grpc.port"), settings.ingest.defaultOf("server.port"),
                settings.ingest.defaultOf("management.server.port"));
        assertThat(exposed(stages.get("query-service"))).containsExactlyInAnyOrder(
                settings.query.defaultOf("server.port"), settings.query.defaultOf("management.server.port"));
        assertThat(stages.get("ingest-service")).contains("ENV " + settings.ingest.variable("management.server.address") + "=0.0.0.0");
        assertThat(stages.get("query-service")).contains("ENV " + settings.query.variable("management.server.address") + "=0.0.0.0");
        // The run command and the image build the same modules.
        assertThat(Files.readString(repo.resolve("run.sh"))).contains("-pl ingest-service,query-service,agent-client -am");

        String demo = Files.readString(repo.resolve("deploy/docker/demo-go-service.Dockerfile"));
        Map<String, String> demoStages = stages(demo);
        assertThat(fromOf(demoStages.get("build"))).startsWith("golang:");
        assertThat(demo).containsPattern("(?m)^USER 65532:65532$").contains("COPY demo/go-service/");
        assertThat(repo.resolve("demo/go-service/main.go")).exists();
    }

    // ------------------------------------------------------------------------------------------
    // deploy/k8s

    @Test
    void kubernetesDeploymentsUseTheServicesRealVariablesPortsProbesAndImages() throws IOException {
        List<Map<String, Object>> objects = k8sObjects("deploy/k8s/base", "deploy/k8s/overlays/postgres", "deploy/k8s/demo");
        Map<String, Map<String, String>> configMaps = dataOf(objects, "ConfigMap", "data");
        Map<String, Map<String, String>> secrets = dataOf(objects, "Secret", "stringData");

        Map<String, Object> ingest = container(objects, "Deployment", "ingest-service", "ingest-service");
        Map<String, String> ingestEnv = containerEnv(ingest, configMaps, secrets);
        assertOnlyVariablesOf(settings.ingest, ingestEnv.keySet(), "k8s ingest-service");
        assertServicePod(objects, ingest, settings.ingest, ingestEnv, "pyrometer.grpc.port", "grpc", "management.server.port",
                "management.server.address");
        assertThat(Y.maps(ingest, "ports")).as("ingest-service HTTP ingest port")
                .anyMatch(port -> "http".equals(String.valueOf(port.get("name")))
                        && settings.ingest.effective("server.port", ingestEnv).equals(String.valueOf(port.get("containerPort"))));

        Map<String, Object> query = container(objects, "Deployment", "query-service", "query-service");
        Map<String, String> queryEnv = containerEnv(query, configMaps, secrets);
        assertOnlyVariablesOf(settings.query, queryEnv.keySet(), "k8s query-service");
        assertServicePod(objects, query, settings.query, queryEnv, "server.port", "http", "management.server.port", "management.server.address");

        // The overlays' database: the StatefulSet's Service is what the JDBC URL names.
        URI jdbc = URI.create(configMaps.get("pyrometer-db").get("PYROMETER_JDBC_URL").substring("jdbc:".length()));
        Map<String, Object> pgService = find(objects, "Service", jdbc.getHost());
        assertThat(Y.maps(pgService, "spec.ports")).extracting(p -> String.valueOf(p.get("port"))).contains(Integer.toString(jdbc.getPort()));
        Map<String, Object> postgres = container(objects, "StatefulSet", "postgres", "postgres");
        assertThat(Y.str(postgres, "image")).matches("postgres:\\d+(\\.\\d+)?");
        for (Map<String, Object> env : Y.maps(postgres, "env")) {
            Object ref = Y.at(env, "valueFrom.secretKeyRef");
            if (ref != null) {
                assertThat(secrets.get(Y.str(ref, "name"))).as("secret of %s", env.get("name")).containsKey(Y.str(ref, "key"));
            }
        }
        assertThat(jdbc.getPath()).isEqualTo("/" + envValue(postgres, "POSTGRES_DB"));

        // The external-database overlay patches only real variables.
        Map<String, Object> external = Y.load(repo.resolve("deploy/k8s/overlays/external-db/kustomization.yaml"));
        for (Map<String, Object> patch : Y.maps(external, "patches")) {
            for (Map<String, Object> doc : Y.loadAll(String.valueOf(patch.get("patch")))) {
                assertThat(configMaps).as("patched ConfigMap").containsKey(Y.name(doc));
                Settings.Service service = Y.name(doc).equals("pyrometer-query") ? settings.query : settings.ingest;
                assertOnlyVariablesOf(service, Y.map(doc, "data").keySet(), "external-db patch of " + Y.name(doc));
            }
        }

        // Every container has requests and limits for CPU and memory.
        for (Map<String, Object> object : objects) {
            for (Map<String, Object> c : Y.maps(object, "spec.template.spec.containers")) {
                for (String kind : List.of("requests", "limits")) {
                    assertThat(Y.map(c, "resources." + kind)).as("%s %s of %s/%s", "resources", kind, Y.name(object), c.get("name"))
                            .containsKeys("cpu", "memory");
                }
            }
        }
    }

    @Test
    void demoPodRunsTheGoServiceWithTheAgentSidecarAndDownwardApiVariables() throws IOException {
        List<Map<String, Object>> objects = k8sObjects("deploy/k8s/base", "deploy/k8s/demo");
        Map<String, Object> pod = Y.map(find(objects, "Deployment", "demo-service"), "spec.template.spec");
        List<Map<String, Object>> containers = Y.maps(pod, "containers");
        assertThat(containers).extracting(c -> c.get("name")).containsExactlyInAnyOrder("demo-service", "agent");
        Map<String, Object> demo = containers.stream().filter(c -> c.get("name").equals("demo-service")).findFirst().orElseThrow();
        Map<String, Object> agent = containers.stream().filter(c -> c.get("name").equals("agent")).findFirst().orElseThrow();
        assertThat(Y.str(demo, "image")).isEqualTo(IMAGE_PREFIX + "demo-go-service:" + version);
        assertThat(Y.str(agent, "image")).isEqualTo(IMAGE_PREFIX + "agent:" + version);
        String demoAddr = demoAddress(String.valueOf(demo.get("args")));
        assertThat(demoAddr).as("pprof on the pod's loopback only").startsWith("127.0.0.1:");

        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> fieldRefs = new HashMap<>();
        for (Map<String, Object> e : Y.maps(agent, "env")) {
            env.put(String.valueOf(e.get("name")), Y.str(e, "value"));
            String field = Y.str(e, "valueFrom.fieldRef.fieldPath");
            if (field != null) {
                fieldRefs.put(String.valueOf(e.get("name")), field);
            }
        }
        List<String> downward = settings.agentEnvLabelVariables();
        Set<String> allowed = new TreeSet<>(settings.agent.keySet());
        allowed.addAll(downward);
        assertThat(allowed).as("variables the agent reads").containsAll(env.keySet());
        assertThat(fieldRefs).containsEntry("POD_NAME", "metadata.name").containsEntry("POD_NAMESPACE", "metadata.namespace")
                .containsEntry("NODE_NAME", "spec.nodeName");
        assertThat(env.keySet()).as("every variable of the agent's default env-labels is set").containsAll(downward);
        assertThat(env.get("PYROMETER_TARGET")).isEqualTo("http://" + demoAddr);
        String grpcPort = settings.ingest.effective("pyrometer.grpc.port",
                dataOf(objects, "ConfigMap", "data").get("pyrometer-ingest"));
        String namespace = Y.str(find(objects, "Namespace", "pyrometer"), "metadata.name");
        assertThat(env.get("PYROMETER_SERVER")).isEqualTo("ingest-service." + namespace + ".svc:" + grpcPort);
    }

    @Test
    void networkPoliciesKeepPprofAndManagementPortsInsideThePodOrNamespace() throws IOException {
        List<Map<String, Object>> objects = k8sObjects("deploy/k8s/base", "deploy/k8s/overlays/postgres", "deploy/k8s/demo");
        for (String name : List.of("ingest-service", "query-service")) {
            Map<String, Object> policy = policySelecting(objects, name);
            assertThat(Y.at(policy, "spec.policyTypes")).asString().contains("Ingress");
            boolean managementRule = false;
            for (Map<String, Object> rule : Y.maps(policy, "spec.ingress")) {
                boolean management = Y.maps(rule, "ports").stream().anyMatch(p -> "management".equals(String.valueOf(p.get("port"))));
                if (management) {
                    managementRule = true;
                    List<Map<String, Object>> from = Y.maps(rule, "from");
                    assertThat(from).as("%s management port: only from listed peers", name).isNotEmpty();
                    for (Map<String, Object> peer : from) {
                        assertThat(peer).as("%s management port: only pods of the same namespace", name)
                                .containsOnlyKeys("podSelector");
                    }
                }
            }
            assertThat(managementRule).as("%s has a rule for its management port", name).isTrue();
            // The container port named management is the management port.
            Map<String, Object> c = container(objects, "Deployment", name, name);
            assertThat(Y.maps(c, "ports")).extracting(p -> p.get("name")).contains("management");
        }
        Map<String, Object> demo = policySelecting(objects, "demo-service");
        assertThat(Y.at(demo, "spec.policyTypes")).asString().contains("Ingress");
        assertThat(Y.maps(demo, "spec.ingress")).as("no ingress to the demo pod: pprof stays on its loopback").isEmpty();
        Map<String, Object> postgres = policySelecting(objects, "postgres");
        assertThat(Y.maps(postgres, "spec.ingress")).allSatisfy(rule -> assertThat(Y.maps(rule, "from")).isNotEmpty());
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    private List<Path> deployFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(repo.resolve("docker-compose.yml"), repo.resolve("run.sh")));
        try (Stream<Path> walk = Files.walk(repo.resolve("deploy"))) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        return files;
    }

    private static void assertOnlyVariablesOf(Settings.Service service, Set<String> variables, String where) {
        assertOnlyVariablesOf(service.defaults().keySet(), variables, where + " (" + service.name() + ")");
    }

    private static void assertOnlyVariablesOf(Set<String> known, Set<String> variables, String where) {
        Set<String> unknown = new TreeSet<>(variables);
        unknown.removeAll(known);
        assertThat(unknown).as("variables in %s that the service does not read", where).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        } else if (raw instanceof List<?> list) {
            for (Object item : list) {
                String text = String.valueOf(item);
                int eq = text.indexOf('=');
                env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            }
        }
        return env;
    }

    /** Container side of each published port ("4100:4100", "127.0.0.1:9101:9101"). */
    private static List<String> containerPorts(Map<String, Object> service) {
        List<String> ports = new ArrayList<>();
        for (Object port : (List<?>) service.getOrDefault("ports", List.of())) {
            String text = String.valueOf(port);
            ports.add(text.substring(text.lastIndexOf(':') + 1));
        }
        return ports;
    }

    private static void assertHealthcheck(Map<String, Object> service, String managementPort) {
        String test = String.valueOf(Y.at(service, "healthcheck.test"));
        assertThat(test).as("healthcheck").contains("/dev/tcp/127.0.0.1/" + managementPort + " ").contains("/actuator/health/readiness");
    }

    private static void assertJdbc(Map<String, String> env, Map<String, String> pgEnv, String service) {
        assertThat(env.get("PYROMETER_JDBC_URL")).as("%s JDBC URL", service)
                .isEqualTo("jdbc:postgresql://postgres:5432/" + pgEnv.get("POSTGRES_DB"));
        assertThat(env.get("PYROMETER_JDBC_USER")).isEqualTo(pgEnv.get("POSTGRES_USER"));
        assertThat(env.get("PYROMETER_JDBC_PASSWORD")).isEqualTo(pgEnv.get("POSTGRES_PASSWORD"));
    }

    private void assertBuild(Map<String, Object> service, String target, String dockerfile) throws IOException {
        assertThat(Y.str(service, "build.context")).isEqualTo(".");
        assertThat(Y.str(service, "build.dockerfile")).isEqualTo(dockerfile);
        assertThat(repo.resolve(dockerfile)).exists();
        if (target != null) {
            assertThat(Y.str(service, "build.target")).isEqualTo(target);
            assertThat(stages(Files.readString(repo.resolve(dockerfile)))).containsKey(target);
        }
        String image = Y.str(service, "image");
        assertThat(image).as("image of %s", dockerfile).startsWith(IMAGE_PREFIX).endsWith(":" + version);
    }

    private static String demoAddress(String args) {
        Matcher matcher = Pattern.compile("-addr=([0-9.]+:\\d+)").matcher(args);
        assertThat(matcher.find()).as("-addr in %s", args).isTrue();
        return matcher.group(1);
    }

    /** Stage name to its text (FROM line included); the unnamed last stage is keyed by its base image. */
    private static Map<String, String> stages(String dockerfile) {
        Map<String, String> stages = new LinkedHashMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            Matcher from = Pattern.compile("^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE).matcher(line);
            if (from.find()) {
                if (current != null) {
                    stages.put(current, text.toString());
                }
                current = from.group(2) != null ? from.group(2) : "final:" + from.group(1);
                text = new StringBuilder();
            }
            if (current != null) {
                text.append(line).append('\n');
            }
        }
        if (current != null) {
            stages.put(current, text.toString());
        }
        return stages;
    }

    private static String fromOf(String stage) {
        Matcher matcher = Pattern.compile("^FROM\\s+(\\S+)", Pattern.CASE_INSENSITIVE).matcher(stage);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static List<String> exposed(String stage) {
        Matcher matcher = Pattern.compile("(?m)^EXPOSE\\s+(.+)$").matcher(stage);
        List<String> ports = new ArrayList<>();
        while (matcher.find()) {
            ports.addAll(List.of(matcher.group(1).trim().split("\\s+")));
        }
        return ports;
    }

    /** The objects of the kustomizations' YAML files (as written; kustomize rendering is checked by DeployToolsTest). */
    private List<Map<String, Object>> k8sObjects(String... dirs) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String dir : dirs) {
            Map<String, Object> kustomization = Y.load(repo.resolve(dir).resolve("kustomization.yaml"));
            for (Object resource : (List<?>) kustomization.get("resources")) {
                Path path = repo.resolve(dir).resolve(String.valueOf(resource)).normalize();
                if (Files.isRegularFile(path)) {
                    objects.addAll(Y.loadAll(path));
                }
            }
        }
        return objects;
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(Y.name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static Map<String, Object> container(List<Map<String, Object>> objects, String kind, String name, String container) {
        return Y.maps(find(objects, kind, name), "spec.template.spec.containers").stream()
                .filter(c -> container.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + container + " in " + kind + " " + name));
    }

    private static Map<String, Map<String, String>> dataOf(List<Map<String, Object>> objects, String kind, String field) {
        Map<String, Map<String, String>> result = new HashMap<>();
        for (Map<String, Object> object : objects) {
            if (kind.equals(object.get("kind"))) {
                Map<String, String> data = new LinkedHashMap<>();
                Y.map(object, field).forEach((k, v) -> data.put(k, String.valueOf(v)));
                result.put(Y.name(object), data);
            }
        }
        return result;
    }

    /** The environment a container gets from envFrom (in order: later sources win) and env. */
    private static Map<String, String> containerEnv(Map<String, Object> container, Map<String, Map<String, String>> configMaps,
                                                    Map<String, Map<String, String>> secrets) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> source : Y.maps(container, "envFrom")) {
            String cm = Y.str(source, "configMapRef.name");
            String secret = Y.str(source, "secretRef.name");
            if (cm != null) {
                assertThat(configMaps).as("ConfigMap %s", cm).containsKey(cm);
                env.putAll(configMaps.get(cm));
            }
            if (secret != null) {
                assertThat(secrets).as("Secret %s", secret).containsKey(secret);
                env.putAll(secrets.get(secret));
            }
        }
        for (Map<String, Object> e : Y.maps(container, "env")) {
            env.put(String.valueOf(e.get("name")), Y.str(e, "value"));
        }
        return env;
    }

    private static String envValue(Map<String, Object> container, String name) {
        return Y.maps(container, "env").stream().filter(e -> name.equals(e.get("name"))).map(e -> Y.str(e, "value")).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    /**
     * Ports named in the container match the service's effective ports; probes hit the management port with
     * Spring's liveness and readiness groups; the management port binds where the kubelet reaches it; the
     * image is the one compose builds; the Service targets ports the container has.
     */
    private void assertServicePod(List<Map<String, Object>> objects, Map<String, Object> container, Settings.Service service,
                                  Map<String, String> env, String publicKey, String publicName, String managementKey,
                                  String managementAddressKey) {
        Map<String, String> ports = new HashMap<>();
        for (Map<String, Object> port : Y.maps(container, "ports")) {
            ports.put(String.valueOf(port.get("name")), String.valueOf(port.get("containerPort")));
        }
        assertThat(ports).as("%s container ports", service.name())
                .containsEntry(publicName, service.effective(publicKey, env))
                .containsEntry("management", service.effective(managementKey, env));
        assertThat(service.effective(managementAddressKey, env)).as("%s management address", service.name()).isEqualTo("0.0.0.0");
        assertThat(Y.str(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat(Y.str(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            Object port = Y.at(container, probe + ".httpGet.port");
            if (port != null) {
                assertThat(String.valueOf(port)).as("%s %s port", service.name(), probe).isIn("management", ports.get("management"));
            }
        }
        assertThat(Y.str(container, "image")).isEqualTo(IMAGE_PREFIX + service.name() + ":" + version);
        Map<String, Object> svc = find(objects, "Service", service.name());
        for (Map<String, Object> port : Y.maps(svc, "spec.ports")) {
            String target = String.valueOf(port.get("targetPort"));
            assertThat(ports.containsKey(target) || ports.containsValue(target)).as("%s Service targetPort %s", service.name(), target).isTrue();
            assertThat(String.valueOf(port.get("port"))).as("%s Service port %s", service.name(), port.get("name"))
                    .isEqualTo(ports.getOrDefault(target, target));
        }
    }

    private static Map<String, Object> policySelecting(List<Map<String, Object>> objects, String app) {
        return objects.stream().filter(o -> "NetworkPolicy".equals(o.get("kind")))
                .filter(o -> app.equals(Y.map(o, "spec.podSelector.matchLabels").get("app.kubernetes.io/name")))
                .findFirst().orElseThrow(() -> new AssertionError("no NetworkPolicy selects " + app));
    }
}
