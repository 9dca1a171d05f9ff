package dev.pyrometer.auth.cli;

import dev.pyrometer.auth.AdminException;
import dev.pyrometer.auth.Scope;
import dev.pyrometer.auth.config.AuthStoreConfiguration;
import dev.pyrometer.auth.tenant.TenantLimits;
import dev.pyrometer.auth.tenant.TenantService;
import dev.pyrometer.auth.tenant.TenantView;
import dev.pyrometer.auth.token.CreatedToken;
import dev.pyrometer.auth.token.NewToken;
import dev.pyrometer.auth.token.TokenService;
import dev.pyrometer.auth.token.TokenView;
import dev.pyrometer.storage.db.Database;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin CLI inside each service's exec jar: {@code java -jar <jar> tokens|tenants ...}. Works on the configured
 * database ({@link CliDatabase}) without starting any server. Exit status 0 on success, 2 with a message on stderr
 * otherwise. A new token's text is printed once, on the line starting {@code token: }.
 */
public final class AdminCli {
    static final String ACTOR = "cli";
    private static final Map<String, String> LIMIT_OPTIONS = limitOptions();
    private final String jar;
    private final PrintStream out;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(AuthStoreConfiguration.class)
    static class Store {
    }

    private AdminCli(String jar, PrintStream out) {
        this.jar = jar;
        this.out = out;
    }

    /** Whether {@code args} are a CLI command rather than a service start. */
    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("tokens") || args[0].equals("tenants"));
    }

    /** Runs the command in {@code args} ({@code env} supplies the database variables); returns the exit status. */
    public static int run(String[] args, String jar, Map<String, String> env, PrintStream out, PrintStream err) {
        AdminCli cli = new AdminCli(jar, out);
        if (args.length < 2 || args[1].equals("help") || args[1].equals("--help")) {
            (args.length < 2 ? err : out).print(cli.usage());
            return args.length < 2 ? 2 : 0;
        }
        try {
            CliArguments arguments = CliArguments.parse(Arrays.asList(args).subList(2, args.length));
            String command = args[0] + " " + args[1];
            Runnable validated = cli.command(command, arguments);
            try (Database database = CliDatabase.open(env); ConfigurableApplicationContext store = store(database)) {
                cli.store = store;
                validated.run();
            }
            return 0;
        } catch (CliArguments.CliException | AdminException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("error: " + e.getMessage() + " (" + e.getClass().getSimpleName() + ")");
            return 2;
        }
    }

    private ConfigurableApplicationContext store;

    /** The command, with its arguments checked before any database is opened. */
    private Runnable command(String command, CliArguments arguments) {
        return switch (command) {
            case "tokens create" -> {
                arguments.allowOnly(Set.of("tenant", "scope", "name", "expires"));
                Set<String> tenants = new LinkedHashSet<>(List.of(arguments.required("tenant", "team-a").split(",")));
                Set<Scope> scopes;
                try {
                    scopes = Scope.parseList(arguments.required("scope", "push,read"));
                } catch (IllegalArgumentException e) {
                    throw new CliArguments.CliException(e.getMessage());
                }
                String name = arguments.option("name") != null ? arguments.option("name")
                        : String.join(",", tenants) + " " + Scope.toList(scopes);
                String expires = arguments.option("expires");
                Instant expiresAt = expires == null ? null : CliDurations.expiry(expires, Instant.now());
                yield () -> createToken(NewToken.of(name, tenants, scopes, expiresAt));
            }
            case "tokens list" -> {
                arguments.allowOnly(Set.of("tenant"));
                yield () -> listTokens(arguments.option("tenant"));
            }
            case "tokens revoke" -> {
                String publicId = arguments.allowOnly(Set.of()).single("token id");
                yield () -> out.println("revoked: " + line(bean(TokenService.class).revoke(publicId, ACTOR)));
            }
            case "tenants create" -> {
                String name = arguments.allowOnly(LIMIT_OPTIONS.keySet()).single("tenant name");
                TenantLimits limits = limits(TenantLimits.NONE, arguments);
                yield () -> out.println("created: " + line(bean(TenantService.class).create(name, limits, ACTOR)));
            }
            case "tenants list" -> {
                arguments.allowOnly(Set.of());
                yield () -> bean(TenantService.class).list().forEach(tenant -> out.println(line(tenant)));
            }
            case "tenants set-limits" -> {
                String name = arguments.allowOnly(LIMIT_OPTIONS.keySet()).single("tenant name");
                Map<String, Number> changes = changes(arguments);
                if (changes.isEmpty()) {
                    throw new CliArguments.CliException("no limit given: use --" + String.join("=, --", LIMIT_OPTIONS.keySet()) + "=");
                }
                yield () -> out.println("limits: " + line(bean(TenantService.class).setLimits(name, changes, ACTOR)));
            }
            default -> throw new CliArguments.CliException("unknown command '" + command + "'\n" + usage());
        };
    }

    private void createToken(NewToken request) {
        CreatedToken created = bean(TokenService.class).create(request, ACTOR);
        out.println("created: " + line(created.view()));
        out.println("token: " + created.token());
        out.println("Store the token now: only its hash is kept, it cannot be shown again.");
    }

    private void listTokens(String tenant) {
        List<TokenView> tokens = bean(TokenService.class).list(tenant);
        if (tokens.isEmpty()) {
            out.println(tenant == null ? "no tokens" : "no tokens for tenant " + tenant);
        }
        tokens.forEach(token -> out.println(line(token)));
    }

    private <T> T bean(Class<T> type) {
        return store.getBean(type);
    }

    static String line(TokenView token) {
        return token.publicId() + " name=\"" + token.name() + "\" tenants=" + String.join(",", token.tenants())
                + " scopes=" + String.join(",", token.scopes()) + " status=" + token.status()
                + " created=" + token.createdAt() + " expires=" + (token.expiresAt() == null ? "never" : token.expiresAt())
                + " last_used=" + (token.lastUsedAt() == null ? "never" : token.lastUsedAt());
    }

    static String line(TenantView tenant) {
        TenantLimits limits = tenant.limits();
        return tenant.name() + " ingest-profiles-per-second=" + shown(limits.ingestProfilesPerSecond())
                + " ingest-bytes-per-second=" + shown(limits.ingestBytesPerSecond()) + " max-series=" + shown(limits.maxSeries())
                + " query-concurrency=" + shown(limits.queryConcurrency());
    }

    private static String shown(Number limit) {
        return limit == null ? "default" : limit.toString();
    }

    private static TenantLimits limits(TenantLimits base, CliArguments arguments) {
        try {
            return base.with(changes(arguments));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CliArguments.CliException(e.getMessage());
        }
    }

    /** Limit options as JSON-named changes; {@code none} clears a limit. */
    private static Map<String, Number> changes(CliArguments arguments) {
        Map<String, Number> changes = new LinkedHashMap<>();
        LIMIT_OPTIONS.forEach((option, field) -> {
            String value = arguments.option(option);
            if (value != null) {
                try {
                    changes.put(field, value.equals("none") ? null : Double.valueOf(value));
                } catch (NumberFormatException e) {
                    throw new CliArguments.CliException("--" + option + "=" + value + ": not a number (or none to use the default)");
                }
            }
        });
        try {
            TenantLimits.NONE.with(changes);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CliArguments.CliException(e.getMessage());
        }
        return changes;
    }

    private static Map<String, String> limitOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("ingest-profiles-per-second", "ingestProfilesPerSecond");
        options.put("ingest-bytes-per-second", "ingestBytesPerSecond");
        options.put("max-series", "maxSeries");
        options.put("query-concurrency", "queryConcurrency");
        return options;
    }

    private static ConfigurableApplicationContext store(Database database) {
        return new SpringApplicationBuilder(Store.class).web(WebApplicationType.NONE)
                .initializers(context -> context.getBeanFactory().registerSingleton("dataSource", database.dataSource()))
                .properties("spring.main.banner-mode=off", "spring.main.log-startup-info=false",
                        "logging.level.root=WARN", "logging.level.pyrometer.audit=INFO",
                        "spring.jmx.enabled=false", "management.endpoints.enabled-by-default=false")
                .run();
    }

    String usage() {
        String java = "java -jar " + jar;
        return "Usage (works on PYROMETER_JDBC_URL, or the local embedded database):\n"
                + "  " + java + " tokens create --tenant=<tenant>[,<tenant>...]|'*' --scope=push[,read,admin] [--name=<name>] [--expires=30d]\n"
                + "  " + java + " tokens list [--tenant=<tenant>]\n"
                + "  " + java + " tokens revoke <token id>\n"
                + "  " + java + " tenants create <name> [--ingest-profiles-per-second=N] [--ingest-bytes-per-second=N] [--max-series=N] [--query-concurrency=N]\n"
                + "  " + java + " tenants list\n"
                + "  " + java + " tenants set-limits <name> [--ingest-profiles-per-second=N|none] [--ingest-bytes-per-second=N|none] [--max-series=N|none] [--query-concurrency=N|none]\n";
    }
}
