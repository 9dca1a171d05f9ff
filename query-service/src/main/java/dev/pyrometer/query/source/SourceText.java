package dev.pyrometer.query.source;

import java.util.List;

/** The outcome of reading one source file: its lines, or why there are none. */
public sealed interface SourceText {

    /** The file's lines without their '\n' (as {@code go tool pprof} reads them); element i is line i + 1. */
    record Found(List<String> lines) implements SourceText {
        public Found {
            lines = List.copyOf(lines);
        }
    }

    /** Why no text is shown, in words for the user (no secret or internal detail). */
    record Missing(String reason) implements SourceText {
    }

    /** {@code text} split as pprof splits a file: at '\n', a final '\n' ending the last line rather than starting one. */
    static Found of(String text) {
        List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
        if (text.isEmpty() || text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return new Found(lines);
    }
}
