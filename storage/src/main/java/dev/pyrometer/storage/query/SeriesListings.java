package dev.pyrometer.storage.query;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series listings {@link SeriesCatalog} has read, per selection (tenant, optional type, optional service), least
 * recently used first out. Bounded by the series held over all listings: a listing larger than the bound is not kept.
 * A listing is only a hint; the catalog checks it against the stored count before each use. Thread-safe.
 */
final class SeriesListings {
    /** Series held over all listings by default: about 100 MB of heap at a few hundred bytes per series. */
    static final int DEFAULT_MAX_SERIES = 300_000;

    /** A selection of series: a null type or service selects all. */
    record Key(int tenantId, String profileType, String serviceName) {
    }

    /** A selection's series, ascending by id. */
    record Listing(List<SeriesInfo> series) {
    }

    private final int maxSeries;
    private final LinkedHashMap<Key, Listing> listings = new LinkedHashMap<>(16, 0.75f, true);
    private long held;

    SeriesListings(int maxSeries) {
        this.maxSeries = maxSeries;
    }

    synchronized Listing get(Key key) {
        return listings.get(key);
    }

    /** Keeps {@code series} (ascending by id) as the listing of {@code key}, evicting the least recently used. */
    synchronized void put(Key key, List<SeriesInfo> series) {
        Listing old = listings.remove(key);
        if (old != null) {
            held -= old.series().size();
        }
        if (series.size() > maxSeries) {
            return;
        }
        listings.put(key, new Listing(List.copyOf(series)));
        held += series.size();
        Iterator<Map.Entry<Key, Listing>> eldest = listings.entrySet().iterator();
        while (held > maxSeries && eldest.hasNext()) {
            held -= eldest.next().getValue().series().size();
            eldest.remove();
        }
    }
}
