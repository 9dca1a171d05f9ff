package dev.pyrometer.ingest;

import dev.pyrometer.auth.cli.AdminCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The ingest service: agents push pprof over gRPC; profiles are validated and stored in PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IngestApplication {
    /** The exec jar's name as the deploy files install it, for the CLI's and the start check's messages. */
    public static final String JAR = "ingest-service.jar";

    /** Starts the service, or runs an admin command ({@code tokens ...}, {@code tenants ...}) and exits. */
    public static void main(String[] args) {
        if (AdminCli.handles(args)) {
            System.exit(AdminCli.run(args, JAR, System.getenv(), System.out, System.err));
        }
        SpringApplication.run(IngestApplication.class, args);
    }
}
