package dev.pyrometer.query.config;

import dev.pyrometer.storage.db.ReadRouting;
import dev.pyrometer.storage.query.BucketReader;
import dev.pyrometer.storage.query.StackSymbols;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the bucketed read of windows that the regression report and the leak finder use; it reads where profile reads go. */
@Configuration(proxyBeanMethods = false)
public class InsightStorageConfiguration {
    @Bean
    public BucketReader bucketReader(ReadRouting reads, StackSymbols stackSymbols) {
        return new BucketReader(reads.dataSource(), stackSymbols);
    }
}
