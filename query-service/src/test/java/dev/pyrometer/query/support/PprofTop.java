package dev.pyrometer.query.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code go tool pprof -top} table printed with exact integer units (see {@link GoTool#top}).
 *
 * @param shown X in "Showing nodes accounting for X, P% of T total": the flat sum of the rows
 * @param total T in that line
 * @param rows  the rows in pprof's order, names without pprof's " (inline)" / " (partial-inline)" marks
 */
public record PprofTop(long shown, long total, List<Row> rows) {
    private static final Pattern HEADER = Pattern.compile("Showing nodes accounting for (\\S+), \\S+ of (\\S+) total");
    private static final String COLUMNS = "      flat  flat%   sum%        cum   cum%";
    private static final Pattern ROW = Pattern.compile("\\s*(\\S+) +\\S+ +\\S+ +(\\S+) +\\S+  (.+?)(?: \\((?:partial-)?inline\\))?");
    private static final Pattern VALUE = Pattern.compile("(-?\\d+)(?:ns|B)?");

    /** One function: flat and cum in the sample unit. */
    public record Row(String function, long flat, long cum) {
    }

    /** The golden file {@code /golden/top/<name>.txt} of this module. */
    public static PprofTop golden(String name) {
        String resource = "/golden/top/" + name + ".txt";
        return parse(resource, resource(resource));
    }

    public static PprofTop parse(String where, String text) {
        Matcher header = HEADER.matcher(text);
        if (!header.find()) {
            throw new IllegalArgumentException(where + ": no 'Showing nodes accounting for' line in:\n" + text);
        }
        List<String> lines = List.of(text.split("\n"));
        int columns = lines.indexOf(COLUMNS);
        if (columns < 0) {
            throw new IllegalArgumentException(where + ": no column header line");
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(columns + 1, lines.size())) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                throw new IllegalArgumentException(where + ": unreadable row '" + line + "'");
            }
            rows.add(new Row(row.group(3), value(where, row.group(1)), value(where, row.group(2))));
        }
        return new PprofTop(value(where, header.group(1)), value(where, header.group(2)), rows);
    }

    static String resource(String resource) {
        try (InputStream in = PprofTop.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + resource + "; run src/test/resources/golden/regenerate.sh");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An exact integer with pprof's unit suffix; anything pprof rounded ("1.2k", "1.5s") is refused. */
    private static long value(String where, String printed) {
        Matcher value = VALUE.matcher(printed);
        if (!value.matches()) {
            throw new IllegalArgumentException(where + ": '" + printed + "' is not an exact integer; check -unit");
        }
        return Long.parseLong(value.group(1));
    }
}
