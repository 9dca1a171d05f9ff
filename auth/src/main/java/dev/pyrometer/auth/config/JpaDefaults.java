package dev.pyrometer.auth.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * JPA defaults for every application with this module, at the lowest precedence: PostgreSQL's dialect named up
 * front so Hibernate never opens a connection at start-up (a service starts while its database is down), no schema
 * generation (Flyway owns the schema), no open-session-in-view.
 */
public class JpaDefaults implements EnvironmentPostProcessor {
    static final Map<String, Object> DEFAULTS = Map.of(
            "spring.jpa.open-in-view", "false",
            "spring.jpa.hibernate.ddl-auto", "none",
            "spring.jpa.properties.hibernate.dialect", "org.hibernate.dialect.PostgreSQLDialect",
            "spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access", "false");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("pyrometerJpaDefaults", DEFAULTS));
    }
}
