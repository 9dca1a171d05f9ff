package dev.pyrometer.query.auth;

import dev.pyrometer.auth.AuthListeners;
import dev.pyrometer.auth.AuthSettings;
import dev.pyrometer.auth.admin.AdminController;
import dev.pyrometer.auth.config.AuthConfiguration;
import dev.pyrometer.auth.tenant.TenantService;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

import java.time.Duration;
import java.util.List;

/**
 * query-service's edge authentication: the auth module (tokens, start-up check) told about the one public
 * listener, the admin REST API ({@code /api/v1/admin/**}, scope admin, checked again by the filter), the session codec, the per-tenant query limiter and the filter, first in the chain.
 */
@Configuration(proxyBeanMethods = false)
@Import({AuthConfiguration.class, AdminController.class})
public class EdgeAuthConfiguration {
    /** How long a tenant's own query concurrency is cached before it is read again. */
    static final Duration LIMIT_CACHE = Duration.ofSeconds(10);

    @Bean
    AuthListeners authListeners(@Value("${server.address:}") String address) {
        return new AuthListeners("query-service-exec.jar", List.of(new AuthSettings.Listener("HTTP API and dashboard (PYROMETER_QUERY_ADDRESS)", address)));
    }

    @Bean
    SessionCodec sessionCodec(SessionProperties properties) {
        return new SessionCodec(properties.key());
    }

    @Bean
    TenantQueryLimiter tenantQueryLimiter(@Value("${pyrometer.query.tenant-concurrency}") int concurrency, TenantService tenants,
                                          MeterRegistry registry) {
        return new TenantQueryLimiter(concurrency, new TenantConcurrency(tenants, LIMIT_CACHE), registry);
    }

    @Bean
    FilterRegistrationBean<AuthFilter> authFilter(RequestAuthentication authentication, SessionCodec codec, TenantQueryLimiter limiter) {
        FilterRegistrationBean<AuthFilter> registration = new FilterRegistrationBean<>(new AuthFilter(authentication, codec, limiter));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
