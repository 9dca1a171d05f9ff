package dev.pyrometer.profile.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files of Pyrometer's own output (flame graph layouts), under {@code /golden/} on the test
 * classpath. Run the tests with {@code -Dpyrometer.golden.update=true} to rewrite them from the current
 * output in {@code src/test/resources/golden/} (of the module Maven runs in), then review the diff.
 * The {@code go tool pprof} goldens are made by {@code golden/regenerate.sh} instead.
 */
public final class GoldenText {
    private static final boolean UPDATE = Boolean.getBoolean("pyrometer.golden.update");

    private GoldenText() {
    }

    /** Asserts that {@code actual} equals golden file {@code name} (e.g. "flamegraph/cpu.txt"), or rewrites it. */
    public static void assertMatches(String name, String actual) {
        if (UPDATE) {
            Path file = Path.of(System.getProperty("basedir", "."), "src/test/resources/golden", name);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        try (InputStream in = GoldenText.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("no golden file /golden/" + name + "; run the test with -Dpyrometer.golden.update=true");
            }
            assertThat(actual).as("golden " + name).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A flamebearer as text: the header lines, then "names:" with one "index name" line each, then "levels:" with one line per level. */
    public static String flamebearer(List<String> names, List<long[]> levels, List<String> header) {
        StringBuilder text = new StringBuilder();
        header.forEach(line -> text.append(line).append('\n'));
        text.append("names:\n");
        for (int i = 0; i < names.size(); i++) {
            text.append(i).append(' ').append(names.get(i)).append('\n');
        }
        text.append("levels:\n");
        for (int level = 0; level < levels.size(); level++) {
            text.append(level).append(':');
            for (long value : levels.get(level)) {
                text.append(' ').append(value);
            }
            text.append('\n');
        }
        return text.toString();
    }
}
