package dev.pyrometer.profile.lines;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rows {@code go tool pprof -list} prints for one function in one file: its lines with values, and, when
 * the file's text is known, the text of every line from 5 before the first of them to 5 after the last
 * (pprof's margin, as for profiles without a function start line), stopping at the end of the file.
 *
 * <p>Without text, the rows are exactly the lines with values. With text, lines with values that lie outside
 * the text (line 0, or past its end, as when the text is of another revision) are kept as rows without text
 * rather than dropped, so the rows' values always add up to the file's sums.
 */
public final class SourceListing {
    /** Lines of context pprof shows before the first and after the last line with values. */
    public static final int MARGIN = 5;

    /** One row; {@code text} is null when unknown, else the line without its line break. Values as in {@link FunctionLines.Line}. */
    public record Row(long line, long flat, long cum, String text) {
    }

    private SourceListing() {
    }

    /** The rows of {@code file} without text: one per line with values, ascending. */
    public static List<Row> withoutText(FunctionLines.FileLines file) {
        return file.lines().stream().map(line -> new Row(line.line(), line.flat(), line.cum(), null)).toList();
    }

    /**
     * The rows of {@code file} with the text {@code source}, whose element {@code i} is line {@code i + 1}, ascending
     * by line.
     */
    public static List<Row> withText(FunctionLines.FileLines file, List<String> source) {
        Objects.requireNonNull(source, "source");
        TreeMap<Long, Row> rows = new TreeMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (FunctionLines.Line line : file.lines()) {
            first = Math.min(first, line.line());
            last = Math.max(last, line.line());
            rows.put(line.line(), new Row(line.line(), line.flat(), line.cum(), null));
        }
        long start = Math.max(1, first - MARGIN);
        long end = Math.min(source.size(), last + MARGIN);
        for (long number = start; number <= end; number++) {
            Row valued = rows.get(number);
            String text = source.get((int) (number - 1));
            rows.put(number, valued == null ? new Row(number, 0, 0, text) : new Row(number, valued.flat(), valued.cum(), text));
        }
        return new ArrayList<>(rows.values());
    }
}
