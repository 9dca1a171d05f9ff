package dev.pyrometer.auth.config;

import dev.pyrometer.auth.AuditLog;
import dev.pyrometer.auth.AuthGate;
import dev.pyrometer.auth.AuthListeners;
import dev.pyrometer.auth.AuthSettings;
import dev.pyrometer.auth.Authenticator;
import dev.pyrometer.auth.TokenAuthenticator;
import dev.pyrometer.auth.token.TokenService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Duration;

/**
 * What a service imports: the store, the start-up decision ({@link AuthGate}, which fails the start in auto mode on a
 * non-loopback listener, before any port is bound) and the {@link Authenticator} every edge uses. The service
 * provides an {@link AuthListeners} bean.
 */
@Configuration(proxyBeanMethods = false)
@Import(AuthStoreConfiguration.class)
public class AuthConfiguration {
    static final Duration OFF_WARNING_INTERVAL = Duration.ofHours(1);

    @Bean
    public AuthSettings authSettings(@Value("${pyrometer.auth.mode:auto}") String mode,
                                     @Value("${pyrometer.auth.cache-ttl:2s}") Duration cacheTtl) {
        return AuthSettings.of(mode, cacheTtl);
    }

    @Bean(destroyMethod = "close")
    public AuthGate authGate(AuthSettings settings, AuthListeners listeners) {
        return new AuthGate(settings, listeners.listeners(), listeners.jar(), OFF_WARNING_INTERVAL);
    }

    @Bean
    public Authenticator authenticator(AuthGate gate, TokenService tokens, AuditLog audit) {
        return gate.tokensRequired() ? new TokenAuthenticator(tokens, audit) : Authenticator.OFF;
    }
}
