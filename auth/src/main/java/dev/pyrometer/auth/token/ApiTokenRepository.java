package dev.pyrometer.auth.token;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;

/** api_tokens; metadata only, never on a per-request path except through {@link TokenService}'s cache. */
public interface ApiTokenRepository extends JpaRepository<ApiToken, String> {
    List<ApiToken> findAllByOrderByCreatedAtAsc();

    @Query("select distinct t from ApiToken t left join t.tenants tenant"
            + " where t.allTenants = true or tenant = :tenant order by t.createdAt asc")
    List<ApiToken> findUsableBy(@Param("tenant") String tenant);

    /** Records a use; never moves last_used_at backwards. */
    @Transactional
    @Modifying
    @Query("update ApiToken t set t.lastUsedAt = :at where t.publicId = :publicId"
            + " and (t.lastUsedAt is null or t.lastUsedAt < :at)")
    int markUsed(@Param("publicId") String publicId, @Param("at") Instant at);
}
