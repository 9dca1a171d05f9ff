package dev.pyrometer.ingest.support;

import dev.pyrometer.profile.top.FunctionTotals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code go tool pprof -top} golden table from profile-core's test-jar
 * ({@code /golden/top/<capture>.<sample_type>.txt}, written with exact integer units). profile-core's
 * own parser ({@code dev.pyrometer.profile.top.GoldenTop}) is package-private, hence this reader.
 *
 * @param shown X in "Showing nodes accounting for X, P% of T total"
 * @param total T in that line: the sum of all sample values
 * @param rows  the table in file order, names without pprof's " (inline)" / " (partial-inline)" marks
 */
public record GoldenTopFile(long shown, long total, List<FunctionTotals.Row> rows) {
    private static final Pattern HEADER = Pattern.compile("Showing nodes accounting for (\\S+), \\S+ of (\\S+) total");
    private static final String COLUMNS = "      flat  flat%   sum%        cum   cum%";
    private static final Pattern ROW = Pattern.compile("\\s*(\\S+) +\\S+ +\\S+ +(\\S+) +\\S+  (.+?)(?: \\((?:partial-)?inline\\))?");
    private static final Pattern VALUE = Pattern.compile("(-?\\d+)(?:ns|B)?");

    /** The golden of sample type {@code sampleType} of capture {@code capture} (e.g. "cpu-1.pb.gz", "cpu"). */
    public static GoldenTopFile of(String capture, String sampleType) {
        String resource = "/golden/top/" + capture.replace(".pb.gz", "") + "." + sampleType + ".txt";
        String text;
        try (InputStream in = GoldenTopFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + resource + " on the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher header = HEADER.matcher(text);
        if (!header.find()) {
            throw new IllegalArgumentException(resource + ": no 'Showing nodes accounting for' line");
        }
        List<String> lines = List.of(text.split("\n"));
        int columns = lines.indexOf(COLUMNS);
        if (columns < 0) {
            throw new IllegalArgumentException(resource + ": no column header line");
        }
        List<FunctionTotals.Row> rows = new ArrayList<>();
        for (String line : lines.subList(columns + 1, lines.size())) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                throw new IllegalArgumentException(resource + ": unreadable row '" + line + "'");
            }
            rows.add(new FunctionTotals.Row(row.group(3), value(resource, row.group(1)), value(resource, row.group(2))));
        }
        return new GoldenTopFile(value(resource, header.group(1)), value(resource, header.group(2)), rows);
    }

    /** An exact integer with pprof's unit suffix; anything rounded ("1.2k", "1.5s") is refused. */
    private static long value(String resource, String printed) {
        Matcher value = VALUE.matcher(printed);
        if (!value.matches()) {
            throw new IllegalArgumentException(resource + ": '" + printed + "' is not an exact integer");
        }
        return Long.parseLong(value.group(1));
    }
}
