package dev.pyrometer.auth.token;

/** A new token: {@code token} is the full secret text, shown once and never stored or logged. */
public record CreatedToken(String token, TokenView view) {
    @Override
    public String toString() {
        return "CreatedToken[" + view + "]";
    }
}
