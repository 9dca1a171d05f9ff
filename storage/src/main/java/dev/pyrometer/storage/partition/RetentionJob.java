package dev.pyrometer.storage.partition;

import dev.pyrometer.storage.rollup.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

/**
 * Creates the day partitions of today and the next {@code daysAhead} days, and expires data older
 * than {@code retentionDays} whole days: the day partitions (see {@link DailyPartitions}) are dropped,
 * the rows of the other rollup tables deleted. Idempotent; safe to run on every replica.
 */
public final class RetentionJob {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final DataSource dataSource;
    private final DailyPartitions partitions;
    private final int retentionDays;
    private final int daysAhead;

    public RetentionJob(DataSource dataSource, DailyPartitions partitions, int retentionDays, int daysAhead) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retention must be at least one day, was " + retentionDays);
        }
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.retentionDays = retentionDays;
        this.daysAhead = daysAhead;
    }

    /** The first day (UTC) still kept at {@code now}. */
    public LocalDate firstKeptDay(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(retentionDays - 1L);
    }

    /** The rollup tables of every tier that are not day-partitioned: their expired rows are deleted. */
    private static List<String> unpartitionedRollups() {
        return Stream.of(Tier.values()).flatMap(tier -> Stream.of(tier.seriesTable(), tier.groupTable()))
                .filter(table -> table != null && !DailyPartitions.TABLES.contains(table)).toList();
    }

    public void runOnce(Instant now) throws SQLException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate firstKept = firstKeptDay(now);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (int day = 0; day <= daysAhead; day++) {
                partitions.ensure(connection, today.plusDays(day));
            }
            List<String> dropped = partitions.dropBefore(connection, firstKept);
            for (String table : unpartitionedRollups()) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE bucket < ?::date::timestamp AT TIME ZONE 'UTC'")) {
                    delete.setString(1, firstKept.toString());
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM rollup_pending WHERE bucket < ?::date::timestamp AT TIME ZONE 'UTC'")) {
                delete.setString(1, firstKept.toString());
                delete.executeUpdate();
            }
            if (!dropped.isEmpty()) {
                log.info("Retention of {} days dropped partitions {}", retentionDays, dropped);
            }
        }
    }
}
