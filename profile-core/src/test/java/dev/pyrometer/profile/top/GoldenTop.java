package dev.pyrometer.profile.top;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code go tool pprof -top} golden file from {@code /golden/top/} (written by
 * {@code golden/regenerate.sh}).
 *
 * @param shown the flat sum of the shown nodes: X in "Showing nodes accounting for X, P% of T total"
 * @param total T in that line: the sum of all sample values
 * @param rows  the table rows in file order, names without pprof's " (inline)" / " (partial-inline)" marks
 */
public record GoldenTop(long shown, long total, List<FunctionTotals.Row> rows) {

    private static final Pattern HEADER = Pattern.compile("Showing nodes accounting for (\\S+), \\S+ of (\\S+) total");
    private static final String COLUMNS = "      flat  flat%   sum%        cum   cum%";
    /** flat flat% sum% cum cum% name[ (inline)]; percentages never contain inner spaces. */
    private static final Pattern ROW = Pattern.compile(
            "\\s*(\\S+) +\\S+ +\\S+ +(\\S+) +\\S+  (.+?)(?: \\((?:partial-)?inline\\))?");
    /** An exact integer with the unit suffix that -unit=ns / byte / count prints (ns, B, none). */
    private static final Pattern VALUE = Pattern.compile("(-?\\d+)(?:ns|B)?");

    public static GoldenTop load(String resource) {
        String text;
        try (InputStream in = GoldenTop.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + resource + "; run golden/regenerate.sh");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return parse(resource, text);
    }

    public static GoldenTop parse(String where, String text) {
        Matcher header = HEADER.matcher(text);
        if (!header.find()) {
            throw new IllegalArgumentException(where + ": no 'Showing nodes accounting for' line");
        }
        String[] lines = text.split("\n");
        int first = List.of(lines).indexOf(COLUMNS);
        if (first < 0) {
            throw new IllegalArgumentException(where + ": no column header line");
        }
        List<FunctionTotals.Row> rows = new ArrayList<>();
        for (int i = first + 1; i < lines.length; i++) {
            Matcher row = ROW.matcher(lines[i]);
            if (!row.matches()) {
                throw new IllegalArgumentException(where + ": unreadable row '" + lines[i] + "'");
            }
            rows.add(new FunctionTotals.Row(row.group(3), value(where, row.group(1)), value(where, row.group(2))));
        }
        return new GoldenTop(value(where, header.group(1)), value(where, header.group(2)), rows);
    }

    /** Refuses anything pprof rounded (such as "1.20k" or "1.5s"), so the comparison stays exact. */
    private static long value(String where, String printed) {
        Matcher value = VALUE.matcher(printed);
        if (!value.matches()) {
            throw new IllegalArgumentException(where + ": '" + printed + "' is not an exact integer; check -unit in regenerate.sh");
        }
        return Long.parseLong(value.group(1));
    }
}
