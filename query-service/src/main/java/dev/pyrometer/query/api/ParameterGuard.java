package dev.pyrometer.query.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.Map;

/**
 * Runs before every API handler, so before any parameter is parsed or reaches storage: a parameter name or
 * value holding a control character other than tab, CR and LF is a 400 naming the parameter, and so is a
 * query string the container cannot read (bad percent-encoding, bytes that are not UTF-8, more parameters than
 * {@code server.tomcat.max-parameter-count}). The typed parameters refuse tab, CR and LF too wherever they are
 * not whitespace between selector tokens.
 */
@Component
public class ParameterGuard implements HandlerInterceptor {
    private final int maxParameters;

    public ParameterGuard(@Value("${server.tomcat.max-parameter-count}") int maxParameters) {
        this.maxParameters = maxParameters;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException e) {
            throw new BadRequestException("the query string cannot be read: it must be at most " + maxParameters
                    + " parameters, each name and value percent-encoded UTF-8");
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            ControlCharacters.refuse("a parameter name", parameter.getKey(), false);
            for (String value : parameter.getValue()) {
                ControlCharacters.refuse("parameter '" + parameter.getKey() + "'", value, true);
            }
        }
        return true;
    }
}
