package dev.pyrometer.auth.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name=value} options and positional words, after the command words. */
record CliArguments(List<String> positional, Map<String, String> options) {
    static CliArguments parse(List<String> args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                if (equals < 0) {
                    throw new CliException("option " + arg + " needs a value: " + arg + "=...");
                }
                options.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else {
                positional.add(arg);
            }
        }
        return new CliArguments(positional, options);
    }

    String option(String name) {
        return options.get(name);
    }

    String required(String name, String example) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new CliException("missing --" + name + " (e.g. --" + name + "=" + example + ")");
        }
        return value;
    }

    /** The only positional argument, named for the message when missing. */
    String single(String what) {
        if (positional.size() != 1) {
            throw new CliException("expected one " + what + ", got " + (positional.isEmpty() ? "none" : positional));
        }
        return positional.get(0);
    }

    /** Rejects options outside {@code allowed}. */
    CliArguments allowOnly(Set<String> allowed) {
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new CliException("unknown option --" + name + (allowed.isEmpty() ? "" : "; known: --" + String.join(", --", allowed)));
            }
        }
        return this;
    }

    /** A command usage error or a refused change: printed to stderr, exit status 2. */
    static final class CliException extends RuntimeException {
        CliException(String message) {
            super(message, null, false, false);
        }
    }
}
