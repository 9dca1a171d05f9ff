package dev.pyrometer.agent.testing;

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
 * A {@code go tool pprof -top} table read back from a golden file: the total T of "Showing nodes
 * accounting for X, P% of T total" and every row as (function, flat, cum). Values must be exact
 * integers (the regenerate scripts pick -unit so); " (inline)" marks are removed from names.
 */
public record GoldenTable(long total, List<FunctionTotals.Row> rows) {
    private static final Pattern TOTAL = Pattern.compile("^Showing nodes accounting for \\S+, \\S+ of (-?\\d+)(?:B|ns)? total$", Pattern.MULTILINE);
    private static final Pattern ROW = Pattern.compile("^\\s*(-?\\d+)(?:B|ns)?\\s+\\S+%\\s+\\S+%\\s+(-?\\d+)(?:B|ns)?\\s+\\S+%\\s+(.+)$");
    private static final String INLINE = " (inline)";
    private static final String PARTIAL_INLINE = " (partial-inline)";

    public static GoldenTable load(String resource) {
        try (InputStream in = GoldenTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + resource + " on the test classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GoldenTable parse(String text) {
        Matcher total = TOTAL.matcher(text);
        if (!total.find()) {
            throw new IllegalArgumentException("no exact 'Showing nodes accounting for' line in:\n" + text);
        }
        List<FunctionTotals.Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : text.split("\n")) {
            if (line.trim().startsWith("flat  flat%")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.isBlank()) {
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                throw new IllegalArgumentException("unreadable row '" + line + "'");
            }
            String name = row.group(3);
            name = name.endsWith(INLINE) ? name.substring(0, name.length() - INLINE.length())
                    : name.endsWith(PARTIAL_INLINE) ? name.substring(0, name.length() - PARTIAL_INLINE.length()) : name;
            rows.add(new FunctionTotals.Row(name, Long.parseLong(row.group(1)), Long.parseLong(row.group(2))));
        }
        return new GoldenTable(Long.parseLong(total.group(1)), rows);
    }
}
