package dev.pyrometer.storage.payload;

import dev.pyrometer.profile.testing.GoldenText;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the bytes of both payload formats in {@code golden/payload/formats.txt} and decodes the pinned
 * bytes, so rows already stored keep decoding to the same values whatever the encoder becomes.
 * Rewrite with {@code -Dpyrometer.golden.update=true} only for a new case; a changed line of an
 * existing case means stored rows would read differently.
 */
class PayloadFormatsGoldenTest {
    private static final String GOLDEN = "payload/formats.txt";

    /** Cases by name: a cpu snapshot, a heap one, a diff-like one with negatives, an empty one and the extremes. */
    private static final Map<String, Payload> CASES = new LinkedHashMap<>();

    static {
        CASES.put("cpu", new Payload(10_000_000, 5_130_000_000L, new long[] {3, 7, 8, 300, 301},
                new long[] {400_000_000, 180_000_000, 10_000_000, 1_270_000_000, 20_000_000}));
        CASES.put("heap", new Payload(524_288, 10_000_000_000L, new long[] {12, 40, 41},
                new long[] {524_392, 1_048_992, 208}));
        CASES.put("negatives", new Payload(1, 0, new long[] {1, 2, 3, 4}, new long[] {-30, 0, 90, -6}));
        CASES.put("empty", new Payload(100, 0, new long[0], new long[0]));
        CASES.put("extremes", new Payload(Long.MIN_VALUE, Long.MAX_VALUE, new long[] {1, Long.MAX_VALUE},
                new long[] {Long.MIN_VALUE, Long.MAX_VALUE}));
    }

    @Test
    void theEncoderWritesThePinnedBytes() {
        StringBuilder text = new StringBuilder();
        CASES.forEach((name, payload) -> {
            text.append(name).append(" format 1: ").append(hex(PayloadCodec.encode(payload, PayloadCodec.FORMAT_PLAIN))).append('\n');
            text.append(name).append(" format 2: ").append(hex(PayloadCodec.encode(payload, PayloadCodec.FORMAT_SCALED))).append('\n');
        });
        GoldenText.assertMatches(GOLDEN, text.toString());
    }

    @Test
    void thePinnedBytesOfBothFormatsDecodeToTheirPayloads() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/golden/" + GOLDEN)) {
            assertThat(in).as("golden file").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSize(2 * CASES.size());
        for (String line : lines) {
            String name = line.substring(0, line.indexOf(' '));
            Payload expected = CASES.get(name);
            Payload decoded = PayloadCodec.decode(HexFormat.of().parseHex(line.substring(line.indexOf(": ") + 2)));

            assertThat(decoded.period()).as(line).isEqualTo(expected.period());
            assertThat(decoded.durationNanos()).as(line).isEqualTo(expected.durationNanos());
            assertThat(decoded.stackIds()).as(line).containsExactly(expected.stackIds());
            assertThat(decoded.values()).as(line).containsExactly(expected.values());
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
