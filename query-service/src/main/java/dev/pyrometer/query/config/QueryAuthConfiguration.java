package dev.pyrometer.query.config;

import dev.pyrometer.auth.AuthListeners;
import dev.pyrometer.auth.AuthSettings;
import dev.pyrometer.auth.admin.AdminController;
import dev.pyrometer.auth.config.AuthConfiguration;
import dev.pyrometer.query.QueryApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * Authentication for query-service: its public listener is the HTTP server (PYROMETER_QUERY_ADDRESS; the
 * management port is not public). Registers the admin REST API. In auto mode the start fails here on a
 * non-loopback address.
 */
@Configuration(proxyBeanMethods = false)
@Import({AuthConfiguration.class, AdminController.class})
public class QueryAuthConfiguration {
    @Bean
    public AuthListeners authListeners(Environment environment) {
        return new AuthListeners(QueryApplication.JAR, List.of(
                new AuthSettings.Listener("HTTP (PYROMETER_QUERY_ADDRESS)", environment.getProperty("server.address", ""))));
    }
}
