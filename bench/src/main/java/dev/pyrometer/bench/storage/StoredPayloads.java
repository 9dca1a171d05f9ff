package dev.pyrometer.bench.storage;

import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.payload.PayloadCodec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Payloads read back from the raw tier (the first {@code limit} rows in (series, time) order, as a
 * window read meets them), decoded once, with each row's series and profile type.
 */
final class StoredPayloads {
    final List<Payload> payloads = new ArrayList<>();
    final long[] seriesIds;
    private final List<String> types = new ArrayList<>();

    private StoredPayloads(List<Long> series) {
        seriesIds = series.stream().mapToLong(Long::longValue).toArray();
    }

    static StoredPayloads read(Connection connection, int limit) throws SQLException {
        List<Long> series = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT p.series_id, s.profile_type, p.payload FROM " + RawRows.all() + " p "
                + "JOIN series s ON s.id = p.series_id ORDER BY p.series_id, p.time, p.receipt LIMIT ?")) {
            statement.setInt(1, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    series.add(rows.getLong(1));
                    types.add(rows.getString(2));
                    bytes.add(rows.getBytes(3));
                }
            }
        }
        StoredPayloads result = new StoredPayloads(series);
        result.types.addAll(types);
        bytes.forEach(b -> result.payloads.add(PayloadCodec.decode(b)));
        return result;
    }

    int size() {
        return payloads.size();
    }

    long stacks() {
        return payloads.stream().mapToLong(p -> p.stackIds().length).sum();
    }

    /** Every payload encoded by {@code encoding}, in row order. */
    List<byte[]> encoded(Function<Payload, byte[]> encoding) {
        return payloads.stream().map(encoding).toList();
    }

    /** Per profile type: rows, mean stacks per row and mean bytes per row of each encoding. */
    void printByType(Map<String, Function<Payload, byte[]>> encodings) {
        Map<String, double[]> byType = new TreeMap<>();
        int columns = 2 + encodings.size();
        for (int i = 0; i < payloads.size(); i++) {
            double[] sums = byType.computeIfAbsent(types.get(i), t -> new double[columns]);
            Payload payload = payloads.get(i);
            sums[0]++;
            sums[1] += payload.stackIds().length;
            int c = 2;
            for (Function<Payload, byte[]> encoding : encodings.values()) {
                sums[c++] += encoding.apply(payload).length;
            }
        }
        StringBuilder header = new StringBuilder(String.format("  %-48s %8s %8s", "profile type", "rows", "stacks"));
        encodings.keySet().forEach(name -> header.append(String.format(" %14s", name)));
        System.out.println(header + "   (payload bytes per row; per stack in brackets)");
        double[] all = new double[columns];
        byType.forEach((type, sums) -> {
            printRow(type, sums);
            for (int c = 0; c < columns; c++) {
                all[c] += sums[c];
            }
        });
        printRow("all", all);
    }

    private static void printRow(String type, double[] sums) {
        StringBuilder line = new StringBuilder(String.format("  %-48s %8.0f %8.1f", type, sums[0], sums[1] / sums[0]));
        for (int c = 2; c < sums.length; c++) {
            line.append(String.format(" %7.1f (%4.2f)", sums[c] / sums[0], sums[1] == 0 ? 0 : sums[c] / sums[1]));
        }
        System.out.println(line);
    }
}
