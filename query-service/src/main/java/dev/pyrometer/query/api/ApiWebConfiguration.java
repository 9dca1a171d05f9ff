package dev.pyrometer.query.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link ParameterGuard} in front of every handler under {@code /api/} and {@code /pyroscope/}. */
@Configuration(proxyBeanMethods = false)
public class ApiWebConfiguration implements WebMvcConfigurer {
    private final ParameterGuard guard;

    public ApiWebConfiguration(ParameterGuard guard) {
        this.guard = guard;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(guard).addPathPatterns("/api/**", "/pyroscope/**");
    }
}
