package dev.pyrometer.storage.read;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.payload.PayloadCodec;

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
import java.util.TreeMap;

/** Reads raw-tier snapshots back into series profiles, symbols resolved. */
public final class ProfileReader {
    private final DataSource dataSource;

    public ProfileReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The snapshots of one series with {@code fromNanos <= time < toNanos}, oldest first. Times come
     * back at microsecond precision; frames of one call share one {@link FrameTable}.
     */
    public List<StoredProfile> read(long seriesId, long fromNanos, long toNanos) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SeriesInfo series = series(connection, seriesId);
            List<long[]> heads = new ArrayList<>();
            List<Payload> payloads = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT (extract(epoch FROM time) * 1000000)::bigint, receipt, payload FROM profile "
                            + "WHERE series_id = ? AND time >= timestamptz 'epoch' + ? * interval '1 microsecond' "
                            + "AND time < timestamptz 'epoch' + ? * interval '1 microsecond' ORDER BY time, receipt")) {
                statement.setLong(1, seriesId);
                statement.setLong(2, ceilMicros(fromNanos));
                statement.setLong(3, ceilMicros(toNanos));
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
            Map<Long, List<Frame>> stacks = SymbolLoader.stacks(connection, series.tenantId, stackIds);

            FrameTable frames = new FrameTable();
            List<StoredProfile> result = new ArrayList<>(payloads.size());
            for (int i = 0; i < payloads.size(); i++) {
                Payload payload = payloads.get(i);
                int[][] resolved = new int[payload.stackIds().length][];
                for (int s = 0; s < resolved.length; s++) {
                    List<Frame> stack = stacks.get(payload.stackIds()[s]);
                    resolved[s] = stack.stream().mapToInt(frames::intern).toArray();
                }
                SeriesProfile profile = new SeriesProfile(series.type, series.labels, heads.get(i)[0] * 1000,
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

    private record SeriesInfo(int tenantId, ProfileType type, LabelSet labels) {
    }

    private static SeriesInfo series(Connection connection, long seriesId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT tenant_id, profile_type, l.key, l.value FROM series LEFT JOIN LATERAL jsonb_each_text(labels) AS l ON true WHERE id = ?")) {
            statement.setLong(1, seriesId);
            try (ResultSet rows = statement.executeQuery()) {
                int tenantId = -1;
                ProfileType type = null;
                Map<String, String> labels = new TreeMap<>();
                while (rows.next()) {
                    tenantId = rows.getInt(1);
                    type = ProfileType.parse(rows.getString(2));
                    if (rows.getString(3) != null) {
                        labels.put(rows.getString(3), rows.getString(4));
                    }
                }
                if (type == null) {
                    throw new SQLException("series " + seriesId + " does not exist");
                }
                return new SeriesInfo(tenantId, type, LabelSet.of(labels));
            }
        }
    }
}
