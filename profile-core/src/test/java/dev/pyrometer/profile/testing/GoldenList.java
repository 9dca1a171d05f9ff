package dev.pyrometer.profile.testing;

import dev.pyrometer.profile.lines.SourceListing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code go tool pprof -list} golden file from {@code /golden/list/} (written by a
 * module's {@code golden/regenerate.sh}): per "ROUTINE" block, the function, the file as pprof printed it, the
 * header's flat and cum, and every row with its text. Values must be exact integers ("." is 0).
 */
public record GoldenList(long total, List<Routine> routines) {

    /** One ROUTINE block; {@code file} as pprof printed it (after -trim_path). */
    public record Routine(String function, String file, long flat, long cum, List<SourceListing.Row> rows) {
    }

    private static final Pattern TOTAL = Pattern.compile("Total: (\\S+)");
    private static final Pattern ROUTINE = Pattern.compile("ROUTINE =+ (\\S+) in (.+)");
    private static final Pattern SUMS = Pattern.compile(" *(\\S+) +(\\S+) \\(flat, cum\\) .* of Total");
    /** pprof's "%10s %10s %6d:%s": flat, cum, line number, then the text exactly as in the file. */
    private static final Pattern ROW = Pattern.compile(" *(\\S+) +(\\S+) +(\\d+):(.*)", Pattern.DOTALL);
    private static final Pattern VALUE = Pattern.compile("(-?\\d+)(?:ns|B)?");

    /** The golden file {@code resource} on the test classpath, e.g. {@code /golden/list/cpu.cpu.main.f.txt}. */
    public static GoldenList load(String resource) {
        try (InputStream in = GoldenList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + resource + "; run golden/regenerate.sh");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static GoldenList parse(String where, String text) {
        String[] lines = text.split("\n", -1);
        Matcher total = TOTAL.matcher(lines[0]);
        if (!total.matches()) {
            throw new IllegalArgumentException(where + ": no 'Total:' line");
        }
        List<Routine> routines = new ArrayList<>();
        int i = 1;
        while (i < lines.length && !lines[i].isEmpty()) {
            Matcher routine = ROUTINE.matcher(lines[i]);
            Matcher sums = SUMS.matcher(lines[i + 1]);
            if (!routine.matches() || !sums.matches()) {
                throw new IllegalArgumentException(where + ": expected a ROUTINE header at line " + (i + 1));
            }
            List<SourceListing.Row> rows = new ArrayList<>();
            i += 2;
            while (i < lines.length && !lines[i].isEmpty() && !lines[i].startsWith("ROUTINE ")) {
                Matcher row = ROW.matcher(lines[i]);
                if (!row.matches()) {
                    throw new IllegalArgumentException(where + ": unreadable row '" + lines[i] + "'");
                }
                rows.add(new SourceListing.Row(Long.parseLong(row.group(3)), value(where, row.group(1)), value(where, row.group(2)),
                        row.group(4)));
                i++;
            }
            routines.add(new Routine(routine.group(1), routine.group(2), value(where, sums.group(1)), value(where, sums.group(2)), rows));
        }
        return new GoldenList(value(where, total.group(1)), routines);
    }

    private static long value(String where, String printed) {
        if (printed.equals(".")) {
            return 0;
        }
        Matcher value = VALUE.matcher(printed);
        if (!value.matches()) {
            throw new IllegalArgumentException(where + ": '" + printed + "' is not an exact integer; check -unit in regenerate.sh");
        }
        return Long.parseLong(value.group(1));
    }
}
