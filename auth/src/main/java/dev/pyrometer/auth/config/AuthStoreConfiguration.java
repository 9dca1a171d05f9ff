package dev.pyrometer.auth.config;

import dev.pyrometer.auth.AuditLog;
import dev.pyrometer.auth.tenant.Tenant;
import dev.pyrometer.auth.tenant.TenantRepository;
import dev.pyrometer.auth.tenant.TenantService;
import dev.pyrometer.auth.token.ApiToken;
import dev.pyrometer.auth.token.ApiTokenRepository;
import dev.pyrometer.auth.token.LastUsedRecorder;
import dev.pyrometer.auth.token.TokenService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;

/**
 * Tenants and tokens through Spring Data JPA on the service's own DataSource (Boot's JPA auto-configuration
 * picks it up; {@link JpaDefaults} keeps Hibernate from touching the database before the first query).
 */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackageClasses = {ApiToken.class, Tenant.class})
@EnableJpaRepositories(basePackageClasses = {ApiTokenRepository.class, TenantRepository.class})
public class AuthStoreConfiguration {
    /** Uses are written at most this often per token. */
    static final Duration LAST_USED_GAP = Duration.ofMinutes(1);
    static final Duration LAST_USED_FLUSH = Duration.ofSeconds(10);

    @Bean
    public AuditLog auditLog() {
        return new AuditLog();
    }

    @Bean
    public TransactionTemplate authTransactions(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    public TenantService tenantService(TenantRepository tenants, AuditLog audit, TransactionTemplate authTransactions) {
        return new TenantService(tenants, audit, authTransactions, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    public LastUsedRecorder lastUsedRecorder(ApiTokenRepository tokens) {
        return new LastUsedRecorder(LAST_USED_GAP, LAST_USED_FLUSH, tokens::markUsed);
    }

    @Bean
    public TokenService tokenService(ApiTokenRepository tokens, TenantService tenants, AuditLog audit,
                                     TransactionTemplate authTransactions, LastUsedRecorder lastUsed,
                                     @Value("${pyrometer.auth.cache-ttl:2s}") Duration cacheTtl) {
        return new TokenService(tokens, tenants, audit, authTransactions, Clock.systemUTC(), cacheTtl, lastUsed);
    }
}
