package dev.pyrometer.auth.token;

import dev.pyrometer.auth.AdminException;
import dev.pyrometer.auth.AuditLog;
import dev.pyrometer.auth.AuthException;
import dev.pyrometer.auth.Principal;
import dev.pyrometer.auth.Scope;
import dev.pyrometer.auth.tenant.TenantService;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Creating, listing, revoking and verifying API tokens.
 *
 * <p>Verification reads a token through {@link TokenCache} (entries at most {@code cacheTtl} old, so a revocation or
 * an expiry takes effect on every replica within that time; expiry itself is checked on every call) and compares
 * SHA-256 of the presented secret with the stored hash in constant time. Uses are recorded by {@link LastUsedRecorder},
 * off the request path.
 */
public class TokenService {
    private static final int MAX_NAME_LENGTH = 200;
    private final ApiTokenRepository tokens;
    private final TenantService tenants;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final TokenCache cache;
    private final LastUsedRecorder lastUsed;

    public TokenService(ApiTokenRepository tokens, TenantService tenants, AuditLog audit, TransactionTemplate transactions,
                        Clock clock, Duration cacheTtl, LastUsedRecorder lastUsed) {
        this.tokens = tokens;
        this.tenants = tenants;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.cache = new TokenCache(cacheTtl, id -> tokens.findById(id).map(TokenRecord::of));
        this.lastUsed = lastUsed;
    }

    /** A new token; the returned text is its only copy. INVALID for a bad name, tenant, scope set or expiry. */
    public CreatedToken create(NewToken request, String actor) {
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw AdminException.invalid("token name must be 1 to " + MAX_NAME_LENGTH + " printable characters");
        }
        if (!request.allTenants() && request.tenants().isEmpty()) {
            throw AdminException.invalid("a token needs at least one tenant (or * for every tenant)");
        }
        if (request.scopes().isEmpty()) {
            throw AdminException.invalid("a token needs at least one scope: push, read or admin");
        }
        Instant now = clock.instant();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw AdminException.invalid("expiry " + request.expiresAt() + " is not in the future");
        }
        TokenText text = TokenText.generate();
        ApiToken token = new ApiToken(text.publicId(), name, text.secretHash(), request.allTenants(),
                new TreeSet<>(request.tenants()), Scope.toList(request.scopes()), now, request.expiresAt());
        ApiToken saved = transactions.execute(status -> {
            tenants.ensure(request.tenants());
            return tokens.saveAndFlush(token);
        });
        TokenView view = TokenView.of(saved, now);
        audit.tokenCreated(actor, view.publicId(), name, String.join(",", view.tenants()), saved.scopes(),
                request.expiresAt());
        return new CreatedToken(text.text(), view);
    }

    /** Every token, or those usable on {@code tenant} (its own and every-tenant tokens), oldest first. */
    public List<TokenView> list(String tenantOrNull) {
        Instant now = clock.instant();
        List<ApiToken> found = tenantOrNull == null ? tokens.findAllByOrderByCreatedAtAsc() : tokens.findUsableBy(tenantOrNull);
        return found.stream().map(token -> TokenView.of(token, now)).toList();
    }

    /** The token's listing; NOT_FOUND if there is none. */
    public TokenView get(String publicId) {
        return tokens.findById(publicId).map(token -> TokenView.of(token, clock.instant()))
                .orElseThrow(() -> notFound(publicId));
    }

    /** Revokes a token (idempotent: revoking twice keeps the first time). NOT_FOUND for an unknown id. */
    public TokenView revoke(String publicId, String actor) {
        Instant now = clock.instant();
        TokenView revoked = transactions.execute(status -> {
            ApiToken token = tokens.findById(publicId).orElseThrow(() -> notFound(publicId));
            if (token.revokedAt() == null) {
                token.revoke(now);
            }
            return TokenView.of(tokens.saveAndFlush(token), now);
        });
        cache.forget(publicId);
        audit.tokenRevoked(actor, publicId);
        return revoked;
    }

    /**
     * The principal of a token text. UNAUTHENTICATED (audited by the caller) naming the reason: malformed, unknown,
     * wrong secret, revoked, expired. The reason never includes the secret.
     */
    public Principal verify(String tokenText) {
        TokenText parsed = TokenText.parse(tokenText);
        if (parsed == null) {
            throw new TokenRejected(null, "malformed token: expected pyro_<id>_<secret>");
        }
        Optional<TokenRecord> found = cache.get(parsed.publicId());
        byte[] presented = parsed.secretHash();
        if (found.isEmpty()) {
            MessageDigest.isEqual(presented, TokenRecord.UNKNOWN_HASH);
            throw new TokenRejected(parsed.publicId(), "unknown token " + parsed.publicId());
        }
        TokenRecord token = found.get();
        if (!MessageDigest.isEqual(presented, token.secretHash())) {
            throw new TokenRejected(parsed.publicId(), "wrong secret for token " + parsed.publicId());
        }
        if (token.revoked()) {
            throw new TokenRejected(parsed.publicId(), "token " + parsed.publicId() + " is revoked");
        }
        Instant now = clock.instant();
        if (token.expiresAt() != null && !token.expiresAt().isAfter(now)) {
            throw new TokenRejected(parsed.publicId(), "token " + parsed.publicId() + " expired at " + token.expiresAt());
        }
        lastUsed.used(parsed.publicId(), now);
        return token.principal();
    }

    private static AdminException notFound(String publicId) {
        return new AdminException(AdminException.Problem.NOT_FOUND, "no token " + publicId);
    }

    /** A refused token; {@link #publicId()} when the text had one, for the audit line. */
    public static final class TokenRejected extends AuthException {
        private final String publicId;

        TokenRejected(String publicId, String message) {
            super(Kind.UNAUTHENTICATED, message);
            this.publicId = publicId;
        }

        public String publicId() {
            return publicId;
        }
    }
}
