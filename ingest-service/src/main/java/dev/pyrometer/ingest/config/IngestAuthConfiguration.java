package dev.pyrometer.ingest.config;

import dev.pyrometer.auth.AuditLog;
import dev.pyrometer.auth.AuthListeners;
import dev.pyrometer.auth.AuthSettings;
import dev.pyrometer.auth.Authenticator;
import dev.pyrometer.auth.config.AuthConfiguration;
import dev.pyrometer.ingest.IngestApplication;
import dev.pyrometer.ingest.auth.PushAuthFilter;
import dev.pyrometer.ingest.auth.PushAuthorization;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * Authentication for ingest-service: its public listeners are the gRPC port and the HTTP server (server.address;
 * an unset address binds every interface). In auto mode the start fails here if either is not loopback. Every push
 * edge authorizes through the one {@link PushAuthorization}: the gRPC interceptor and the HTTP filter.
 */
@Configuration(proxyBeanMethods = false)
@Import(AuthConfiguration.class)
public class IngestAuthConfiguration {
    @Bean
    public AuthListeners authListeners(IngestProperties properties, Environment environment) {
        return new AuthListeners(IngestApplication.JAR, List.of(
                new AuthSettings.Listener("gRPC (PYROMETER_GRPC_ADDRESS)", properties.grpc().address()),
                new AuthSettings.Listener("HTTP (server.address)", environment.getProperty("server.address", ""))));
    }

    @Bean
    public PushAuthorization pushAuthorization(Authenticator authenticator, AuditLog audit) {
        return new PushAuthorization(authenticator, audit);
    }

    @Bean
    public FilterRegistrationBean<PushAuthFilter> pushAuthFilter(PushAuthorization authorization) {
        FilterRegistrationBean<PushAuthFilter> registration = new FilterRegistrationBean<>(new PushAuthFilter(authorization));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns(PushAuthFilter.INGEST_PATH, PushAuthFilter.CONNECT_PUSH_PATH);
        return registration;
    }
}
