package dev.pyrometer.query.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceLocationTest {
    private static final String TEMPLATE = "https://raw.example/org/repo/{version}/{path}";

    @Test
    void substitutesTheVersionAndThePathRelativeToThePrefixPercentEncoded() {
        SourceLocation location = new SourceLocation(TEMPLATE, "/src/app/");

        assertThat(location.uri("/src/app/pkg/main.go", "v1.2.3")).isEqualTo(URI.create("https://raw.example/org/repo/v1.2.3/pkg/main.go"));
        assertThat(location.uri("/src/app/a b/ü?#.go", "release/1.0"))
                .isEqualTo(URI.create("https://raw.example/org/repo/release%2F1.0/a%20b/%C3%BC%3F%23.go"));
    }

    @Test
    void withoutAPrefixThePathIsTheFileWithoutItsLeadingSlash() {
        SourceLocation location = new SourceLocation("http://127.0.0.1:8080/files/{path}?ref={version}", null);

        assertThat(location.uri("/github.com/org/x.go", "abc")).isEqualTo(URI.create("http://127.0.0.1:8080/files/github.com/org/x.go?ref=abc"));
        assertThat(location.needsVersion()).isTrue();
        assertThat(new SourceLocation("https://h/{path}", "").uri("x.go", null)).isEqualTo(URI.create("https://h/x.go"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/elsewhere/main.go | v1 | it is not under /src/app/",
            "/src/app/          | v1 | it is not under /src/app/",
            "/src/app/../x.go   | v1 | its path ../x.go has an empty, '.' or '..' segment",
            "/src/app/a//x.go   | v1 | its path a//x.go has an empty, '.' or '..' segment",
            "/src/app/./x.go    | v1 | its path ./x.go has an empty, '.' or '..' segment",
            "/src/app/x.go      | .. | the selected series do not share one usable version label",
            "/src/app/x.go      |    | the selected series do not share one usable version label"})
    void refusesFilesOutsideThePrefixDotSegmentsAndMissingVersions(String file, String version, String message) {
        SourceLocation location = new SourceLocation(TEMPLATE, "/src/app/");

        assertThatThrownBy(() -> location.uri(file, version)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://raw.example/org/{version}      | has no {path}",
            "https://raw.example/{path}/{ref}       | has an unknown placeholder {ref}; only {version} and {path} are replaced",
            "file:///etc/{path}                     | must start with http:// or https://",
            "ftp://h/{path}                         | must start with http:// or https://",
            "https://{version}.example/{path}       | must name a host, and a '/' must follow it before the first placeholder",
            "https://raw.example{path}              | must name a host, and a '/' must follow it before the first placeholder",
            "https://user:pw@raw.example/{path}     | must not hold credentials"})
    void refusesTemplatesThatCouldLeaveTheirOrigin(String template, String problem) {
        assertThatThrownBy(() -> new SourceLocation(template, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source URL template " + template + " " + problem);
    }

    @Test
    void theSettingNamesServicesWithTemplatesAndPrefixes() {
        SourceLocations locations = SourceLocations.parse(" a=https://h/{version}/{path} /src/a/ ;\n b = https://h/b/{path} ; ");

        assertThat(locations.of("a")).contains(new SourceLocation("https://h/{version}/{path}", "/src/a/"));
        assertThat(locations.of("b")).contains(new SourceLocation("https://h/b/{path}", ""));
        assertThat(locations.of("c")).isEmpty();
        assertThat(locations.of(null)).isEmpty();
        assertThat(SourceLocations.parse("").of("a")).isEmpty();
        assertThatThrownBy(() -> SourceLocations.parse("a=https://h/{path} x y")).hasMessageContaining("is not SERVICE=URL_TEMPLATE");
        assertThatThrownBy(() -> SourceLocations.parse("https://h/{path}")).hasMessageContaining("is not SERVICE=URL_TEMPLATE");
        assertThatThrownBy(() -> SourceLocations.parse("a=https://h/{path};a=https://g/{path}")).hasMessage("source setting names service 'a' twice");
    }
}
