package dev.pyrometer.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The ingest service: agents push pprof over gRPC; profiles are validated and stored in PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IngestApplication {
    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }
}
