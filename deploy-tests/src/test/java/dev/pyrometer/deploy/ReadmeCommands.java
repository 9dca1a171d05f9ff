package dev.pyrometer.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code sh} block of the README, run as written: the first fenced {@code ```sh} block after a heading,
 * with only the default ports replaced by the ones a test uses. It runs in a directory of its own whose
 * {@code agent-client} links to the repository's, so relative paths resolve as in a checkout and nothing is
 * written into the repository.
 */
final class ReadmeCommands {
    private ReadmeCommands() {
    }

    /** The exit code of {@code sh -e} over the block (-1 when it ran past 3 minutes) and its output. */
    record Result(int exitCode, String script, String output) {
    }

    /** The block under {@code heading} (a whole line such as {@code ## Push a first profile}). */
    static String block(Path readme, String heading) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int at = text.indexOf("\n" + heading + "\n");
        if (at < 0) {
            throw new IllegalStateException("no heading '" + heading + "' in " + readme);
        }
        int open = text.indexOf("\n```sh\n", at);
        int close = text.indexOf("\n```\n", open + 1);
        if (open < 0 || close < 0) {
            throw new IllegalStateException("no ```sh block after '" + heading + "' in " + readme);
        }
        return text.substring(open + "\n```sh\n".length(), close + 1);
    }

    /** Runs {@code script} with each key of {@code replacements} replaced by its value, in {@code workDir}. */
    static Result run(Path repo, Path workDir, String script, Map<String, String> replacements) throws IOException, InterruptedException {
        String replaced = script;
        for (Map.Entry<String, String> e : replacements.entrySet()) {
            replaced = replaced.replace(e.getKey(), e.getValue());
        }
        Files.createDirectories(workDir);
        Path link = workDir.resolve("agent-client");
        if (!Files.exists(link)) {
            Files.createSymbolicLink(link, repo.resolve("agent-client"));
        }
        Path output = workDir.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder("sh", "-e", "-c", replaced).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("PPROF_TMPDIR", workDir.resolve("pprof").toString());
        Process process = builder.start();
        boolean done = process.waitFor(3, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly().waitFor();
        }
        return new Result(done ? process.exitValue() : -1, replaced, Files.readString(output, StandardCharsets.UTF_8));
    }
}
