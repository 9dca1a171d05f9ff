package dev.pyrometer.query.web;

import dev.pyrometer.query.QueryApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/** The whole query-service (API and dashboard) on a loopback port, reading a given database. */
public final class DashboardServer implements AutoCloseable {
    private final ConfigurableApplicationContext context;
    private final int port;

    private DashboardServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** Starts on {@code port} (0: a free one); {@code settings} are more "--key=value" arguments. */
    public static DashboardServer start(String jdbcUrl, int port, String... settings) {
        // As command-line arguments: they outrank application.yml's ${ENV:default} values (default properties do not).
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--management.server.port=0",
                "--management.server.address=127.0.0.1",
                "--pyrometer.database.url=" + jdbcUrl));
        args.addAll(List.of(settings));
        return new DashboardServer(new SpringApplicationBuilder(QueryApplication.class).run(args.toArray(String[]::new)));
    }

    /** http, or https when the settings turned on server.ssl. */
    public String baseUrl() {
        boolean tls = context.getEnvironment().getProperty("server.ssl.enabled", Boolean.class, false);
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** A bean of the running service (e.g. the token service, to make tokens for a test). */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
