package dev.pyrometer.agent.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The YAML the agent's settings need, and no more: nested mappings of scalars, flattened to dotted
 * names ({@code push:\n  timeout: 5s} gives {@code push.timeout=5s}). Comments ({@code #} at line
 * start or after a blank), single- or double-quoted scalars, and indentation by spaces are
 * understood; sequences, anchors, flow collections and multi-line scalars are refused with the line
 * number, so a file never silently means something else.
 */
public final class FlatYaml {
    private FlatYaml() {
    }

    /** @throws IllegalArgumentException naming the line that is not understood */
    public static Map<String, String> parse(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        Deque<int[]> indents = new ArrayDeque<>();   // indentation of each open mapping level
        Deque<String> path = new ArrayDeque<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = stripComment(lines[n]);
            if (line.isBlank() || line.equals("---")) {
                continue;
            }
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            if (line.charAt(indent) == '\t') {
                throw error(n, "tabs are not allowed for indentation");
            }
            String content = line.substring(indent).stripTrailing();
            if (content.startsWith("- ") || content.equals("-") || content.startsWith("[") || content.startsWith("{")
                    || content.startsWith("&") || content.startsWith("*") || content.startsWith("|") || content.startsWith(">")) {
                throw error(n, "only 'name: value' mappings are supported");
            }
            int colon = content.indexOf(": ");
            String key = colon >= 0 ? content.substring(0, colon) : content.endsWith(":") ? content.substring(0, content.length() - 1) : null;
            if (key == null || key.isBlank()) {
                throw error(n, "expected 'name: value' or 'name:'");
            }
            key = unquote(key.trim(), n);
            while (!indents.isEmpty() && indent <= indents.peek()[0]) {
                indents.pop();
                path.pop();
            }
            String value = colon >= 0 ? content.substring(colon + 2).trim() : "";
            String full = path.isEmpty() ? key : String.join(".", reversed(path)) + "." + key;
            if (value.isEmpty()) {
                indents.push(new int[] {indent});
                path.push(key);
                continue;
            }
            if (value.startsWith("[") || value.startsWith("{") || value.startsWith("|") || value.startsWith(">")
                    || value.startsWith("&") || value.startsWith("*")) {
                throw error(n, "flow collections, block scalars, anchors and aliases are not supported");
            }
            result.put(full, unquote(value, n));
        }
        return result;
    }

    private static Iterable<String> reversed(Deque<String> path) {
        return () -> path.descendingIterator();
    }

    private static String stripComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String value, int line) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            String inner = value.substring(1, value.length() - 1);
            return value.charAt(0) == '\'' ? inner.replace("''", "'") : inner.replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (value.startsWith("\"") || value.startsWith("'")) {
            throw error(line, "unterminated quoted value");
        }
        return value;
    }

    private static IllegalArgumentException error(int line, String message) {
        return new IllegalArgumentException("line " + (line + 1) + ": " + message);
    }
}
