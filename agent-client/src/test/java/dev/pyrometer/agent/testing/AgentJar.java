package dev.pyrometer.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The shaded agent jar built by {@code package}, and JVMs started from it. */
public final class AgentJar {
    private AgentJar() {
    }

    public static Path path() {
        String jar = System.getProperty("pyrometer.agent.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no shaded agent jar at " + jar + "; integration tests run after `mvn package`");
        }
        return Path.of(jar);
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code java <jvmArgs> <rest>} with extra environment, stdout and stderr to {@code log}. */
    public static Process start(List<String> jvmArgs, List<String> rest, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        command.addAll(rest);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PYROMETER_") || name.startsWith("POD_")
                || name.equals("NODE_NAME") || name.equals("SERVICE_VERSION"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs {@code java -jar agent.jar <args>} to completion; returns exit code and output. */
    public static Result run(List<String> args, Path log) throws IOException, InterruptedException {
        List<String> rest = new ArrayList<>(List.of("-jar", path().toString()));
        rest.addAll(args);
        Process process = start(List.of(), rest, Map.of(), log);
        int code = process.waitFor();
        return new Result(code, Files.readString(log));
    }

    public record Result(int exitCode, String output) {
    }
}
