package dev.pyrometer.ingest.pyroscope;

import dev.pyrometer.ingest.pipeline.PushRefusal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code name} parameter of Pyroscope's {@code /ingest}: an application name, optionally
 * followed by labels in braces, {@code app.cpu{env=prod,region=eu}}, read by Pyroscope's rules: the
 * name (spaces around it trimmed) is 1 or more of {@code [A-Za-z0-9_./-]}; a label name is 1 or more
 * of {@code [A-Za-z0-9_.]}; values are taken as written (trimmed) up to the next {@code ,} or
 * {@code }}; a later label replaces an earlier one of the same name; nothing after the closing brace
 * counts. Labels whose names start with {@code __} are Pyroscope's private labels and are dropped.
 *
 * @param app    the application name, as written (suffix included)
 * @param labels the labels, in order of appearance
 */
public record IngestName(String app, Map<String, String> labels) {

    /** @throws PushRefusal INVALID naming the problem */
    public static IngestName parse(String name) throws PushRefusal {
        if (name == null || name.isEmpty()) {
            throw PushRefusal.invalid("name: the query parameter 'name' is required, e.g. name=my-app.cpu{env=prod}");
        }
        int brace = name.indexOf('{');
        String app = (brace < 0 ? name : name.substring(0, brace)).strip();
        if (app.isEmpty()) {
            throw PushRefusal.invalid("name: the application name before '{' is empty");
        }
        for (int i = 0; i < app.length(); i++) {
            char c = app.charAt(i);
            if (!labelNameChar(c) && c != '-' && c != '/') {
                throw PushRefusal.invalid("name: application name '" + abbreviate(app) + "' has character '" + c
                        + "', which is not allowed (use [A-Za-z0-9_./-])");
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (brace >= 0) {
            parseLabels(name, brace + 1, labels);
        }
        return new IngestName(app, Collections.unmodifiableMap(labels));
    }

    private static void parseLabels(String name, int from, Map<String, String> labels) throws PushRefusal {
        StringBuilder key = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean inValue = false;
        for (int i = from; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!inValue) {
                if (c == '}') {
                    return;
                }
                if (c == '=') {
                    inValue = true;
                    value.setLength(0);
                } else {
                    key.append(c);
                }
            } else if (c == ',' || c == '}') {
                put(key.toString().strip(), value.toString().strip(), labels);
                key.setLength(0);
                inValue = false;
                if (c == '}') {
                    return;
                }
            } else {
                value.append(c);
            }
        }
        throw PushRefusal.invalid("name: the labels after '{' are not closed with '}'");
    }

    private static void put(String key, String value, Map<String, String> labels) throws PushRefusal {
        if (key.isEmpty()) {
            throw PushRefusal.invalid("name: a label has an empty name");
        }
        for (int i = 0; i < key.length(); i++) {
            if (!labelNameChar(key.charAt(i))) {
                throw PushRefusal.invalid("name: label name '" + abbreviate(key) + "' has character '" + key.charAt(i)
                        + "', which is not allowed (use [A-Za-z0-9_.])");
            }
        }
        if (key.startsWith("__")) {
            return;
        }
        labels.remove(key);
        labels.put(key, value);
    }

    private static boolean labelNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
