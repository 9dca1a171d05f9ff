package dev.pyrometer.auth.tenant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.List;
import java.util.Optional;

/** The tenant table through JPA: admin paths and limit reloads, never a per-push lookup. */
public interface TenantRepository extends JpaRepository<Tenant, Integer> {
    Optional<Tenant> findByName(String name);

    List<Tenant> findAllByOrderByNameAsc();

    /** Adds the tenant unless it exists (the ingest writer may add it at the same moment); 1 if added. */
    @Modifying
    @Query(nativeQuery = true, value = "INSERT INTO tenant (name) VALUES (:name) ON CONFLICT (name) DO NOTHING")
    int insertIfAbsent(@Param("name") String name);
}
