package dev.pyrometer.query.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one service's source files are: a URL template such as {@code https://raw.example/org/repo/{version}/{path}}
 * and an optional path prefix. A profiled file is fetched from the template with {@code {path}} its name relative to
 * the prefix and {@code {version}} the value of the series' version label.
 *
 * <p>The URL of a file never leaves the template's origin: the template is http or https, names a host, and has no
 * placeholder before its path; each substituted value is percent-encoded (a path segment by segment, keeping its
 * slashes), and names whose segments are empty, {@code .} or {@code ..} are refused. A file outside the prefix has no
 * URL.
 */
public record SourceLocation(String template, String prefix) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final String VERSION = "version";
    private static final String PATH = "path";

    /** Checks the template; throws {@link IllegalArgumentException} saying what is wrong with it. */
    public SourceLocation {
        Objects.requireNonNull(template, "template");
        prefix = prefix == null ? "" : prefix;
        Matcher placeholders = PLACEHOLDER.matcher(template);
        boolean hasPath = false;
        while (placeholders.find()) {
            String name = placeholders.group(1);
            if (!name.equals(VERSION) && !name.equals(PATH)) {
                throw new IllegalArgumentException("source URL template " + template + " has an unknown placeholder {" + name
                        + "}; only {version} and {path} are replaced");
            }
            hasPath |= name.equals(PATH);
        }
        if (!hasPath) {
            throw new IllegalArgumentException("source URL template " + template + " has no {path}");
        }
        String lower = template.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException("source URL template " + template + " must start with http:// or https://");
        }
        URI base = null;
        try {
            base = new URI(base(template));
        } catch (URISyntaxException e) {
            // reported below: the text before the first placeholder is not a URL with a host and a path
        }
        if (base == null || base.getHost() == null || base.getRawPath() == null || !base.getRawPath().startsWith("/")) {
            throw new IllegalArgumentException("source URL template " + template + " must name a host, and a '/' must follow it before"
                    + " the first placeholder");
        }
        if (base.getRawUserInfo() != null) {
            throw new IllegalArgumentException("source URL template " + template + " must not hold credentials");
        }
    }

    /** Whether {@code file} (a file name from a profile) lies under the prefix. */
    public boolean covers(String file) {
        return file.startsWith(prefix) && file.length() > prefix.length();
    }

    /**
     * The URL of {@code file} at {@code version} (null when the template has no {@code {version}}).
     *
     * @throws IllegalArgumentException saying why the file has no URL: outside the prefix, a name that is not a plain
     *                                  relative path, or no version where the template needs one
     */
    public URI uri(String file, String version) {
        if (!covers(file)) {
            throw new IllegalArgumentException("it is not under " + (prefix.isEmpty() ? "a file name" : prefix));
        }
        String path = file.substring(prefix.length());
        path = path.startsWith("/") ? path.substring(1) : path;
        StringBuilder encodedPath = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("its path " + path + " has an empty, '.' or '..' segment");
            }
            encodedPath.append(encodedPath.isEmpty() ? "" : "/").append(encode(segment));
        }
        Matcher placeholders = PLACEHOLDER.matcher(template);
        StringBuilder url = new StringBuilder();
        while (placeholders.find()) {
            String replacement;
            if (placeholders.group(1).equals(PATH)) {
                replacement = encodedPath.toString();
            } else if (version == null || version.isEmpty() || version.equals(".") || version.equals("..")) {
                throw new IllegalArgumentException("the selected series do not share one usable version label");
            } else {
                replacement = encode(version);
            }
            placeholders.appendReplacement(url, Matcher.quoteReplacement(replacement));
        }
        placeholders.appendTail(url);
        URI uri = parse(url.toString(), template);
        if (!url.toString().startsWith(base(template)) || !uri.normalize().equals(uri)) {
            throw new IllegalStateException("source URL " + uri + " escapes its template " + template);
        }
        return uri;
    }

    /** Whether the template has a {@code {version}} placeholder. */
    public boolean needsVersion() {
        return template.contains("{" + VERSION + "}");
    }

    /** The template up to its first placeholder: every URL built from it starts with this. */
    private static String base(String template) {
        return template.substring(0, template.indexOf('{'));
    }

    /** Percent-encodes all but RFC 3986's unreserved characters. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static URI parse(String url, String template) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("source URL template " + template + " does not make a valid URL: " + e.getMessage());
        }
    }
}
