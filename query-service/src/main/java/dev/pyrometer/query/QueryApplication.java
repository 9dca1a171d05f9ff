package dev.pyrometer.query;

import dev.pyrometer.auth.cli.AdminCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The query service: a REST API that merges and diffs stored profiles over any window. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryApplication {
    /** The exec jar's name as the deploy files install it, for the CLI's and the start check's messages. */
    public static final String JAR = "query-service.jar";

    /** Starts the service, or runs an admin command ({@code tokens ...}, {@code tenants ...}) and exits. */
    public static void main(String[] args) {
        if (AdminCli.handles(args)) {
            System.exit(AdminCli.run(args, JAR, System.getenv(), System.out, System.err));
        }
        SpringApplication.run(QueryApplication.class, args);
    }
}
