package dev.pyrometer.query.source;

import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The source text of a service's files, from where {@link SourceProperties} says; for a service it does not name,
 * nothing is fetched at all. At most {@link #MAX_FILES} files are fetched per call.
 */
@Component
public class SourceTexts {
    /** Files one call fetches at most; the rest are listed without text. */
    public static final int MAX_FILES = 8;

    private final SourceLocations locations;
    private final SourceFetcher fetcher;
    private final String versionLabel;

    public SourceTexts(SourceProperties properties) {
        this.locations = SourceLocations.parse(properties.services());
        this.fetcher = new SourceFetcher(properties.timeout(), properties.maxFileSize().toBytes(), properties.cacheSize().toBytes());
        this.versionLabel = properties.versionLabel();
    }

    /** The label whose value is a file's revision. */
    public String versionLabel() {
        return versionLabel;
    }

    /** Whether {@code service} has a configured source. */
    public boolean configured(String service) {
        return locations.of(service).isPresent();
    }

    /**
     * The text of each of {@code files} of {@code service} at {@code version} (null when the selected series do not
     * share one), in the order given; empty when the service has no configured source.
     */
    public Map<String, SourceText> of(String service, String version, List<String> files) {
        Optional<SourceLocation> location = locations.of(service);
        Map<String, SourceText> texts = new LinkedHashMap<>();
        if (location.isEmpty()) {
            return texts;
        }
        int fetched = 0;
        for (String file : files) {
            URI uri;
            try {
                uri = location.get().uri(file, version);
            } catch (IllegalArgumentException e) {
                texts.put(file, new SourceText.Missing("no source for this file: " + e.getMessage()));
                continue;
            }
            if (fetched == MAX_FILES) {
                texts.put(file, new SourceText.Missing("no source for this file: a call reads at most " + MAX_FILES + " files"));
                continue;
            }
            fetched++;
            texts.put(file, fetcher.fetch(uri));
        }
        return texts;
    }
}
