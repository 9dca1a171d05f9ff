package dev.pyrometer.agent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line arguments: {@code --name=value} flags (a bare {@code --name} means {@code true}) and
 * positional arguments; {@code --} ends the flags.
 *
 * @param flags       name → value, in order; a repeated flag keeps its last value
 * @param positionals everything else, in order
 */
public record Args(Map<String, String> flags, List<String> positionals) {

    public static Args parse(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean onlyPositionals = false;
        for (String arg : args) {
            if (onlyPositionals || !arg.startsWith("--") || arg.length() == 2) {
                if (arg.equals("--") && !onlyPositionals) {
                    onlyPositionals = true;
                } else {
                    positionals.add(arg);
                }
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                flags.put(arg.substring(2), "true");
            } else {
                flags.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
        }
        return new Args(flags, positionals);
    }
}
