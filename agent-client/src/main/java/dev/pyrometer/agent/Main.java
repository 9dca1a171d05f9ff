package dev.pyrometer.agent;

import dev.pyrometer.agent.cli.Args;
import dev.pyrometer.agent.cli.PushCommand;
import dev.pyrometer.agent.cli.SettingsCommand;
import dev.pyrometer.agent.sidecar.SidecarCommand;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The jar's Main-Class: {@code sidecar} (the default), {@code push}, {@code settings}, {@code version}, {@code help}. */
public final class Main {
    static final String USAGE = """
            Pyrometer agent %s

              java -jar pyrometer-agent.jar [sidecar] --service-name=NAME --target=http://HOST:6060 [--server=HOST:4100] [--SETTING=VALUE ...]
                  scrape a Go service's net/http/pprof endpoints and push the profiles
              java -jar pyrometer-agent.jar push --service=NAME [--profile-name=NAME] [--server=HOST:4100] [--now] FILE...
                  push pprof files once, e.g.
                  java -jar pyrometer-agent.jar push --server=127.0.0.1:4100 --service=api --profile-name=process_cpu cpu.pb.gz
                  --now times a profile by its file's last-modification time (the end of its window) instead of the
                  time inside the pprof; either way a repeated push of an unchanged file stores nothing new
              java -jar pyrometer-agent.jar settings
                  list every setting: flag, environment variable, default
              java -javaagent:pyrometer-agent.jar=service_name=NAME,server=HOST:4100[,SETTING=VALUE...] -jar your-app.jar
                  profile a JVM with Flight Recorder (CPU, allocations, locks)

            Settings come from flags, PYROMETER_* environment variables, or a file (--config=FILE, .properties or .yaml),
            in that order of precedence.
            """;

    private Main() {
    }

    public static void main(String[] argv) {
        int code = run(Arrays.asList(argv), System.getenv(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(List<String> argv, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = argv.isEmpty() || argv.get(0).startsWith("--") ? "sidecar" : argv.get(0);
        List<String> rest = argv.isEmpty() || argv.get(0).startsWith("--") ? argv : argv.subList(1, argv.size());
        Args args = Args.parse(rest);
        if (args.flags().containsKey("help")) {
            command = "help";
        }
        return switch (command) {
            case "sidecar" -> args.positionals().isEmpty() ? SidecarCommand.run(args.flags(), env, err) : unexpected(args, err);
            case "push" -> PushCommand.run(args, env, out, err);
            case "settings" -> SettingsCommand.run(out);
            case "version" -> {
                out.println("pyrometer-agent " + version());
                yield 0;
            }
            case "help", "-h" -> {
                out.print(USAGE.formatted(version()));
                yield 0;
            }
            default -> {
                err.println("unknown command '" + command + "'");
                err.print(USAGE.formatted(version()));
                yield 2;
            }
        };
    }

    private static int unexpected(Args args, PrintStream err) {
        err.println("sidecar takes no arguments besides --settings, got " + args.positionals());
        return 2;
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
