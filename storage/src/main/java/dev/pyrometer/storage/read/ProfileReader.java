package dev.pyrometer.storage.read;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.payload.PayloadCodec;
import dev.pyrometer.storage.query.SeriesCatalog;
import dev.pyrometer.storage.query.SeriesInfo;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads raw-tier snapshots back into series profiles, symbols resolved. */
public final class ProfileReader {
    private final DataSource dataSource;
    private final SeriesCatalog catalog;

    public ProfileReader(DataSource dataSource) {
        this.dataSource = dataSource;
        this.catalog = new SeriesCatalog(dataSource);
    }

    /**
     * The snapshots of one series with {@code fromNanos <= time < toNanos}, oldest first. Times come
     * back at microsecond precision; frames of one call share one {@link FrameTable}.
     */
    public List<StoredProfile> read(long seriesId, long fromNanos, long toNanos) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SeriesInfo series = catalog.byId(seriesId)
                    .orElseThrow(() -> new SQLException("series " + seriesId + " does not exist"));
            List<long[]> heads = new ArrayList<>();
            List<Payload> payloads = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT (extract(epoch FROM time) * 1000000)::bigint, receipt, payload FROM (SELECT "
                            + "timestamptz 'epoch' + ? * interval '1 microsecond' AS f, timestamptz 'epoch' + ? * interval '1 microsecond' AS t) AS w "
                            + "CROSS JOIN LATERAL " + RawRows.between("series_id = " + seriesId, "w.f", "w.t") + " AS r ORDER BY time, receipt")) {
                statement.setLong(1, ceilMicros(fromNanos));
                statement.setLong(2, ceilMicros(toNanos));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        heads.add(new long[] {rows.getLong(1), rows.getLong(2)});
                        payloads.add(PayloadCodec.decode(rows.getBytes(3)));
                    }
                }
            }
            Set<Long> stackIds = new HashSet<>();
            payloads.forEach(payload -> {
                for (long id : payload.stackIds()) {
                    stackIds.add(id);
                }
            });
            Map<Long, List<Frame>> stacks = SymbolLoader.stacks(connection, series.tenantId(), stackIds);

            FrameTable frames = new FrameTable();
            List<StoredProfile> result = new ArrayList<>(payloads.size());
            for (int i = 0; i < payloads.size(); i++) {
                Payload payload = payloads.get(i);
                int[][] resolved = new int[payload.stackIds().length][];
                for (int s = 0; s < resolved.length; s++) {
                    List<Frame> stack = stacks.get(payload.stackIds()[s]);
                    resolved[s] = stack.stream().mapToInt(frames::intern).toArray();
                }
                SeriesProfile profile = new SeriesProfile(series.type(), series.labels(), heads.get(i)[0] * 1000,
                        payload.durationNanos(), payload.period(), frames, resolved, payload.values());
                result.add(new StoredProfile(seriesId, heads.get(i)[1], profile));
            }
            return result;
        }
    }

    /** The first whole microsecond at or after {@code nanos}: stored times are whole microseconds. */
    private static long ceilMicros(long nanos) {
        return Math.floorDiv(nanos, 1000) + (Math.floorMod(nanos, 1000) == 0 ? 0 : 1);
    }
}
