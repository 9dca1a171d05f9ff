package dev.pyrometer.profile.fuzz;

import dev.pyrometer.profile.testing.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Seeds a fuzz test's corpus with every real capture, gzipped as Go serves it and inflated as
 * Go writes the protobuf. Jazzer reads (and extends) the corpus of fuzz test {@code Class#method}
 * in {@code .cifuzz-corpus/<class name>/<method>} under the module directory, the working
 * directory of the test JVM.
 */
final class FuzzSeeds {
    private FuzzSeeds() {
    }

    static void write(Class<?> fuzzTest, String method) {
        Path corpus = Path.of(".cifuzz-corpus", fuzzTest.getName(), method);
        try {
            Files.createDirectories(corpus);
            for (String capture : Fixtures.allCaptures()) {
                Files.write(corpus.resolve("seed-" + capture), Fixtures.bytes(capture));
                Files.write(corpus.resolve("seed-" + capture.replace(".pb.gz", ".pb")), Fixtures.plain(capture));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
