package dev.pyrometer.query.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard's client-side routes. The single-page app (module {@code web}, packaged as
 * {@code classpath:/static/}) reads its state from the path and query string, so a link such as
 * {@code /compare?type=…&from=now-1h} must load {@code index.html}; {@code /} (the services overview) is Spring Boot's welcome page.
 * Only these paths are forwarded: anything else stays a 404, so a mistyped API path is not answered with HTML.
 */
@Controller
public class SpaRoutes {
    /** The views of the app; keep in step with web/src/state/url.ts. */
    @GetMapping({"/explore", "/explore/", "/compare", "/compare/", "/changes", "/changes/", "/growth", "/growth/", "/tags", "/tags/"})
    public String index() {
        return "forward:/index.html";
    }
}
