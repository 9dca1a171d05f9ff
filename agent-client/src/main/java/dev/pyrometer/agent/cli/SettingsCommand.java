package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.config.Catalog;
import dev.pyrometer.agent.config.Setting;

import java.io.PrintStream;

/** {@code settings}: prints every setting with its flag, environment variable, default and meaning. */
public final class SettingsCommand {
    private SettingsCommand() {
    }

    public static int run(PrintStream out) {
        out.println("Precedence: flags (or -javaagent options) > PYROMETER_* environment > settings file (--config) > defaults.");
        out.println();
        for (Setting setting : Catalog.all()) {
            out.printf("%-24s %-34s default %-18s [%s]%n    %s%s%n", setting.flag(), setting.env(),
                    setting.defaultValue().isEmpty() ? "(none)" : setting.defaultValue(),
                    setting.mode().name().toLowerCase(java.util.Locale.ROOT),
                    setting.description(), setting.aliases().isEmpty() ? "" : " (also --" + String.join(", --", setting.aliases()) + ")");
        }
        out.println("--labels.<name>=<value>  a static label; in a file: labels.<name>: <value> (YAML: a labels: mapping)");
        return 0;
    }
}
