package dev.pyrometer.auth.cli;

import dev.pyrometer.storage.db.Database;
import dev.pyrometer.storage.db.DatabaseSettings;
import dev.pyrometer.storage.db.LocalPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The database the CLI works on, from the services' variables: PYROMETER_JDBC_URL (with PYROMETER_JDBC_USER and
 * PYROMETER_JDBC_PASSWORD); without one, the local embedded PostgreSQL in PYROMETER_LOCAL_DATA_DIR (./data/postgres)
 * on PYROMETER_LOCAL_DB_PORT (5532): reached on its port when a service already runs it, started otherwise.
 * Migrations run, so the tables exist before the first service start.
 */
final class CliDatabase {
    private CliDatabase() {
    }

    static Database open(Map<String, String> env) throws IOException {
        String url = env.getOrDefault("PYROMETER_JDBC_URL", "");
        String dataDir = env.getOrDefault("PYROMETER_LOCAL_DATA_DIR", "./data/postgres");
        int port = Integer.parseInt(env.getOrDefault("PYROMETER_LOCAL_DB_PORT", "5532"));
        if (url.isBlank() && LocalPostgres.postmasterPid(Path.of(dataDir)).flatMap(ProcessHandle::of).isPresent()) {
            url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        }
        return Database.open(new DatabaseSettings(url, env.getOrDefault("PYROMETER_JDBC_USER", ""),
                env.getOrDefault("PYROMETER_JDBC_PASSWORD", ""), dataDir, port, 2, "pyrometer-admin-cli"), true);
    }
}
