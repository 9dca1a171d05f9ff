package dev.pyrometer.query.server;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Makes {@link JsonErrorReportValve} the host's one error report valve, so that Tomcat's own error answers are
 * JSON too. Runs after Spring Boot's customizers, which add an HTML {@link ErrorReportValve}, and takes it out.
 * The size limits themselves are Spring Boot settings in application.yml.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.LOWEST_PRECEDENCE)
public class ContainerConfiguration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            // the host adds an instance of this class when it starts
            host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
        });
    }
}
