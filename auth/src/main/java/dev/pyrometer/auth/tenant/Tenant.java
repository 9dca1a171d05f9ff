package dev.pyrometer.auth.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One tenant (table tenant, shared with the ingest writer, which adds a row on a tenant's first push) and its
 * limits; a null limit means the service-wide default applies.
 */
@Entity
@Table(name = "tenant")
public class Tenant {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id", nullable = false, updatable = false)
    private Integer id;

    @Column(name = "name", nullable = false, updatable = false)
    private String name;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "ingest_profiles_per_second")
    private Double ingestProfilesPerSecond;

    @Column(name = "ingest_bytes_per_second")
    private Long ingestBytesPerSecond;

    @Column(name = "max_series")
    private Long maxSeries;

    @Column(name = "query_concurrency")
    private Integer queryConcurrency;

    protected Tenant() {
    }

    public Tenant(String name, Instant createdAt, TenantLimits limits) {
        this.name = name;
        this.createdAt = createdAt;
        apply(limits);
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public TenantLimits limits() {
        return new TenantLimits(ingestProfilesPerSecond, ingestBytesPerSecond, maxSeries, queryConcurrency);
    }

    void apply(TenantLimits limits) {
        this.ingestProfilesPerSecond = limits.ingestProfilesPerSecond();
        this.ingestBytesPerSecond = limits.ingestBytesPerSecond();
        this.maxSeries = limits.maxSeries();
        this.queryConcurrency = limits.queryConcurrency();
    }
}
