package dev.pyrometer.agent.testing;

import dev.pyrometer.agent.demo.JvmDemo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link JvmDemo} in a separate JVM with the shaded jar as {@code -javaagent}, run to completion. */
public final class DemoJvm {
    private DemoJvm() {
    }

    public record Run(int exitCode, String output) {
    }

    /** @param awaitAgent whether the demo waits for the agent's first push before it ends */
    public static Run run(String agentOptions, int seconds, boolean awaitAgent) throws IOException, InterruptedException {
        Path log = Files.createTempFile("jvm-demo", ".log");
        Process process = AgentJar.start(
                List.of("-javaagent:" + AgentJar.path() + "=" + agentOptions, "-Xmx256m", "-Ddemo.awaitAgent=" + awaitAgent,
                        "-cp", Path.of(System.getProperty("pyrometer.build.dir", "target"), "test-classes").toString()),
                List.of(JvmDemo.class.getName(), Integer.toString(seconds)), Map.of(), log);
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
