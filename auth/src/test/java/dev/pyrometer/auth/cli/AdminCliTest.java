package dev.pyrometer.auth.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class AdminCliTest {
    private static HikariDataSource database;

    record Result(int status, String out, String err) {
    }

    @BeforeAll
    static void database() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AdminCli.run(args, "ingest-service.jar", Map.of("PYROMETER_JDBC_URL", database.getJdbcUrl()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tokensAreCreatedListedAndRevoked() {
        Result created = run("tokens", "create", "--tenant=team-a,team-b", "--scope=push,read", "--name=ci agents", "--expires=30d");
        assertThat(created.status()).as(created.err()).isZero();
        Matcher token = Pattern.compile("(?m)^token: (pyro_([A-Za-z0-9]{12})_[A-Za-z0-9_-]{43})$").matcher(created.out());
        assertThat(token.find()).as(created.out()).isTrue();
        String id = token.group(2);
        assertThat(created.out()).contains("created: " + id + " name=\"ci agents\" tenants=team-a,team-b scopes=push,read status=active");

        Result listed = run("tokens", "list", "--tenant=team-b");
        assertThat(listed.status()).isZero();
        assertThat(listed.out()).contains(id + " name=\"ci agents\"").doesNotContain(token.group(1));
        assertThat(run("tokens", "list", "--tenant=team-z").out()).isEqualTo("no tokens for tenant team-z\n");

        Result revoked = run("tokens", "revoke", id);
        assertThat(revoked.status()).isZero();
        assertThat(revoked.out()).startsWith("revoked: " + id).contains("status=revoked");
        Result unknown = run("tokens", "revoke", "AAAAAAAAAAAA");
        assertThat(unknown).isEqualTo(new Result(2, "", "error: no token AAAAAAAAAAAA\n"));
    }

    @Test
    void tenantsAndLimits() {
        Result created = run("tenants", "create", "team-l", "--ingest-profiles-per-second=50", "--max-series=1000");
        assertThat(created).isEqualTo(new Result(0, "created: team-l ingest-profiles-per-second=50.0"
                + " ingest-bytes-per-second=default max-series=1000 query-concurrency=default\n", ""));
        Result changed = run("tenants", "set-limits", "team-l", "--query-concurrency=4", "--max-series=none");
        assertThat(changed.out()).isEqualTo("limits: team-l ingest-profiles-per-second=50.0 ingest-bytes-per-second=default"
                + " max-series=default query-concurrency=4\n");
        assertThat(run("tenants", "list").out()).contains("team-l ingest-profiles-per-second=50.0");
        assertThat(run("tenants", "create", "team-l")).isEqualTo(new Result(2, "", "error: tenant team-l already exists\n"));
    }

    @Test
    void badCommandsExitTwoWithAMessage() {
        assertThat(run("tokens", "create", "--scope=push")).isEqualTo(new Result(2, "", "error: missing --tenant (e.g. --tenant=team-a)\n"));
        assertThat(run("tokens", "create", "--tenant=a", "--scope=write"))
                .isEqualTo(new Result(2, "", "error: unknown scope 'write': use push, read or admin\n"));
        assertThat(run("tokens", "create", "--tenant=a", "--scope=push", "--expires=soon").err())
                .isEqualTo("error: --expires=soon: use a duration such as 30d, 12h, 90m or an instant such as 2027-01-31T00:00:00Z\n");
        assertThat(run("tenants", "set-limits", "team-l", "--max-series=-1").err())
                .isEqualTo("error: maxSeries must be greater than 0, not -1\n");
        assertThat(run("tenants", "drop", "x").err()).startsWith("error: unknown command 'tenants drop'");
        assertThat(run("tokens").status()).isEqualTo(2);
    }
}
