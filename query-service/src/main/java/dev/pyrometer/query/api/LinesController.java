package dev.pyrometer.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pyrometer.profile.lines.FunctionLines;
import dev.pyrometer.profile.lines.SourceListing;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.query.service.MergedWindow;
import dev.pyrometer.query.service.ProfileQueries;
import dev.pyrometer.query.service.QueryMetrics;
import dev.pyrometer.query.source.SourceText;
import dev.pyrometer.query.source.SourceTexts;
import dev.pyrometer.query.window.QueryWindow;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One function of one window, line by line: the numbers of {@code go tool pprof -list '^FUNCTION$'} on the window's
 * merged profile, with the source text where the service's source is configured (see {@link SourceTexts}).
 */
@RestController
@RequestMapping("/api/v1")
public class LinesController {
    /** {@code source} of a file: text found; the service has no configured source (nothing fetched); or configured but not found. */
    static final String FOUND = "found";
    static final String NONE = "none";
    static final String MISSING = "missing";

    private final ProfileQueries queries;
    private final RequestParams params;
    private final QueryMetrics metrics;
    private final SourceTexts sources;

    public LinesController(ProfileQueries queries, RequestParams params, QueryMetrics metrics, SourceTexts sources) {
        this.queries = queries;
        this.params = params;
        this.metrics = metrics;
        this.sources = sources;
    }

    /** One row; {@code text} is absent without source. Values in {@code window.unit}, exact as the top table's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineRow(long line, Number flat, Number cum, String text) {
    }

    /** The function's lines in one file; {@code flat} and {@code cum} add up its lines, as pprof's ROUTINE header does. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileAnswer(String file, Number flat, Number cum, String source, String sourceMessage, List<LineRow> lines) {
    }

    /** {@code service} and {@code version} are the labels every selected series shares, null where they differ. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LinesAnswer(ProfileController.WindowInfo window, String function, String service, String version, List<FileAnswer> files) {
    }

    @GetMapping("/lines")
    public LinesAnswer lines(HttpServletRequest request,
                             @RequestParam String profileType, @RequestParam(required = false) String query,
                             @RequestParam(defaultValue = "now-1h") String from, @RequestParam(defaultValue = "now") String to,
                             @RequestParam String function) throws SQLException {
        if (function.isEmpty()) {
            throw new BadRequestException("parameter 'function' must name a function");
        }
        QueryWindow window = params.window(from, to, "");
        MergedWindow merged = queries.merge(params.tenant(request), params.profileType(profileType), params.selector(query, "query"),
                params.selectorEvaluation(), window);
        metrics.read("lines", merged.stats());
        FunctionLines lines = FunctionLines.of(function, List.of(merged.profile()));

        LabelSet labels = merged.profile().labels();
        String service = labels.get(LabelSet.SERVICE_NAME);
        String version = labels.get(sources.versionLabel());
        List<String> fileNames = lines.files().stream().map(FunctionLines.FileLines::file).toList();
        Map<String, SourceText> texts = sources.of(service, version, fileNames);

        List<FileAnswer> files = new ArrayList<>(lines.files().size());
        for (FunctionLines.FileLines file : lines.files()) {
            SourceText text = texts.get(file.file());
            if (text instanceof SourceText.Found found) {
                files.add(answer(file, FOUND, null, SourceListing.withText(file, found.lines()), merged.scale()));
            } else if (text instanceof SourceText.Missing missing) {
                files.add(answer(file, MISSING, missing.reason(), SourceListing.withoutText(file), merged.scale()));
            } else {
                // of() answers for every file of a configured service, so this service has none
                String why = service == null ? "the selected series are of several services" : "no source is configured for service " + service;
                files.add(answer(file, NONE, why, SourceListing.withoutText(file), merged.scale()));
            }
        }
        return new LinesAnswer(ProfileController.WindowInfo.of(merged, window), function, service, version, files);
    }

    private static FileAnswer answer(FunctionLines.FileLines file, String source, String message, List<SourceListing.Row> rows, long scale) {
        List<LineRow> lines = rows.stream()
                .map(row -> new LineRow(row.line(), ScaledValues.of(row.flat(), scale), ScaledValues.of(row.cum(), scale), row.text())).toList();
        return new FileAnswer(file.file(), ScaledValues.of(file.flat(), scale), ScaledValues.of(file.cum(), scale), source, message, lines);
    }
}
