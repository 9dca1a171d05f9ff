package dev.pyrometer.auth.tenant;

import dev.pyrometer.auth.AdminException;
import dev.pyrometer.auth.AuditLog;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Creating, listing and editing tenants and their limits; every change audited. */
public class TenantService {
    private final TenantRepository tenants;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public TenantService(TenantRepository tenants, AuditLog audit, TransactionTemplate transactions, Clock clock) {
        this.tenants = tenants;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A new tenant; INVALID for a bad name, CONFLICT if it exists. */
    public TenantView create(String name, TenantLimits limits, String actor) {
        String valid = validName(name);
        TenantView created = transactions.execute(status -> {
            if (tenants.findByName(valid).isPresent()) {
                throw new AdminException(AdminException.Problem.CONFLICT, "tenant " + valid + " already exists");
            }
            return TenantView.of(tenants.saveAndFlush(new Tenant(valid, clock.instant(), limits)));
        });
        audit.tenantCreated(actor, valid, created.limits());
        return created;
    }

    public List<TenantView> list() {
        return tenants.findAllByOrderByNameAsc().stream().map(TenantView::of).toList();
    }

    /** The tenant; NOT_FOUND if it does not exist. */
    public TenantView get(String name) {
        return tenants.findByName(name).map(TenantView::of).orElseThrow(() -> notFound(name));
    }

    /** Applies limit changes ({@link TenantLimits#with}); NOT_FOUND for an unknown tenant, INVALID for bad values. */
    public TenantView setLimits(String name, Map<String, ? extends Number> changes, String actor) {
        TenantView changed = transactions.execute(status -> {
            Tenant tenant = tenants.findByName(name).orElseThrow(() -> notFound(name));
            TenantLimits limits;
            try {
                limits = tenant.limits().with(changes);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw AdminException.invalid(e.getMessage());
            }
            tenant.apply(limits);
            return TenantView.of(tenants.saveAndFlush(tenant));
        });
        audit.tenantLimitsChanged(actor, name, changed.limits());
        return changed;
    }

    /** Makes sure each tenant exists (tokens may name a tenant before its first push). Runs in the caller's transaction. */
    public void ensure(Collection<String> names) {
        names.forEach(name -> tenants.insertIfAbsent(validName(name)));
    }

    private static String validName(String name) {
        if (!TenantNames.valid(name)) {
            throw AdminException.invalid("invalid tenant name '" + name + "': use 1 to 64 of [A-Za-z0-9_.-]");
        }
        return name;
    }

    private static AdminException notFound(String name) {
        return new AdminException(AdminException.Problem.NOT_FOUND, "no tenant " + name);
    }
}
