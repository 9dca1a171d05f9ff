package dev.pyrometer.query.auth;

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

/**
 * query-service's edge authentication: the auth module (tokens, start-up check) told about the one public
 * listener, the session codec, the per-tenant query limiter and the filter, first in the chain.
 */
@Configuration(proxyBeanMethods = false)
@Import(AuthConfiguration.class)
public class EdgeAuthConfiguration {
    /** How long a tenant's own query concurrency is cached before it is read again. */
    static final Duration LIMIT_CACHE = Duration.ofSeconds(10);

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
