package dev.pyrometer.compat.isolation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The isolation matrix's cells (credential × edge): what each answered, and whether that was what it had to answer
 * with none of another tenant's data. Rendered as a text table, a cell {@code 200} when right and
 * {@code 200!} when wrong; {@link #failures()} lists the wrong cells with their reason.
 */
public final class MatrixTable {
    private final Map<String, Map<String, String>> cells = new LinkedHashMap<>();
    private final Set<String> columns = new LinkedHashSet<>();
    private final List<String> failures = new ArrayList<>();
    private int count;

    /** Records a cell: {@code outcome} is what was answered (an HTTP status or a gRPC code); {@code problem} null when right. */
    public synchronized void put(String row, String column, String outcome, String problem) {
        columns.add(column);
        cells.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(column, problem == null ? outcome : outcome + "!");
        count++;
        if (problem != null) {
            failures.add(row + " × " + column + ": " + problem);
        }
    }

    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    public synchronized int cellCount() {
        return count;
    }

    /** The table, one line per credential, one column per edge (numbered, with a legend below). */
    public synchronized String render(String title) {
        List<String> names = List.copyOf(columns);
        int rowWidth = cells.keySet().stream().mapToInt(String::length).max().orElse(4);
        StringBuilder out = new StringBuilder(title).append('\n').append(" ".repeat(rowWidth));
        int width = 5;
        for (int i = 0; i < names.size(); i++) {
            out.append(String.format(" %" + width + "s", "c" + (i + 1)));
        }
        out.append('\n');
        cells.forEach((row, byColumn) -> {
            out.append(String.format("%-" + rowWidth + "s", row));
            for (String column : names) {
                out.append(String.format(" %" + width + "s", byColumn.getOrDefault(column, "-")));
            }
            out.append('\n');
        });
        for (int i = 0; i < names.size(); i++) {
            out.append("  c").append(i + 1).append(" = ").append(names.get(i)).append('\n');
        }
        out.append(count).append(" cells, ").append(failures.size()).append(" wrong (marked !)\n");
        return out.toString();
    }
}
