package dev.pyrometer.auth.token;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** One API token (table api_tokens); its tenants in api_token_tenants. Holds the secret's hash, never the secret. */
@Entity
@Table(name = "api_tokens")
public class ApiToken {
    @Id
    @Column(name = "public_id", nullable = false, updatable = false)
    private String publicId;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "secret_sha256", nullable = false, updatable = false)
    private byte[] secretSha256;

    /** Every tenant, present and future (operator tokens). */
    @Column(name = "all_tenants", nullable = false)
    private boolean allTenants;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "api_token_tenants", joinColumns = @JoinColumn(name = "public_id"))
    @Column(name = "tenant", nullable = false)
    private Set<String> tenants = new TreeSet<>();

    /** Comma-separated scope wire names, e.g. {@code push,read}. */
    @Column(name = "scopes", nullable = false)
    private String scopes;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiToken() {
    }

    public ApiToken(String publicId, String name, byte[] secretSha256, boolean allTenants, Set<String> tenants,
                    String scopes, Instant createdAt, Instant expiresAt) {
        this.publicId = publicId;
        this.name = name;
        this.secretSha256 = secretSha256.clone();
        this.allTenants = allTenants;
        this.tenants = new TreeSet<>(tenants);
        this.scopes = scopes;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String publicId() {
        return publicId;
    }

    public String name() {
        return name;
    }

    byte[] secretSha256() {
        return secretSha256.clone();
    }

    public boolean allTenants() {
        return allTenants;
    }

    public Set<String> tenants() {
        return Set.copyOf(tenants);
    }

    public String scopes() {
        return scopes;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    void revoke(Instant at) {
        this.revokedAt = at;
    }
}
