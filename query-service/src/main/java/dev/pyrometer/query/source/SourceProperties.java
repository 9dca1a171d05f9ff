package dev.pyrometer.query.source;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Where query-service may read the source text of profiled programs, bound from {@code pyrometer.query.source.*}
 * (application.yml names each environment variable). Nothing is fetched for a service that {@code services} does
 * not name.
 *
 * @param services     per service, a URL template and an optional path prefix, in the form {@link SourceLocations} reads;
 *                     empty: no source text for any service
 * @param versionLabel the label whose value replaces {@code {version}} in a template
 * @param timeout      longest one fetch may take, from connecting to the last byte of the body
 * @param maxFileSize  largest source file read; a larger one is not shown
 * @param cacheSize    bytes of source text kept in memory, least recently used dropped first
 */
@ConfigurationProperties("pyrometer.query.source")
public record SourceProperties(String services, String versionLabel, Duration timeout, DataSize maxFileSize, DataSize cacheSize) {
}
