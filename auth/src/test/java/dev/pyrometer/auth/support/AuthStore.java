package dev.pyrometer.auth.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.auth.config.AuthStoreConfiguration;
import dev.pyrometer.storage.testing.TestDatabase;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/** A fresh migrated PostgreSQL database with the auth store (JPA repositories and services) on it. */
public final class AuthStore implements AutoCloseable {
    public final HikariDataSource dataSource;
    public final ConfigurableApplicationContext context;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(AuthStoreConfiguration.class)
    static class App {
    }

    public AuthStore(String... properties) {
        dataSource = TestDatabase.create();
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("dataSource", dataSource))
                .properties(properties).run();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        context.close();
        dataSource.close();
    }
}
