package dev.pyrometer.query.config;

import dev.pyrometer.storage.query.BucketReader;
import dev.pyrometer.storage.query.StackSymbols;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** Wires the bucketed read of windows that the regression report and the leak finder use. */
@Configuration(proxyBeanMethods = false)
public class InsightStorageConfiguration {
    @Bean
    public BucketReader bucketReader(DataSource dataSource, StackSymbols stackSymbols) {
        return new BucketReader(dataSource, stackSymbols);
    }
}
