package dev.smsmux.spring;

import dev.smsmux.SmsClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/** The callback endpoint, in a servlet web application, only with {@code smsmux.callback.enabled=true}. */
@AutoConfiguration(after = SmsmuxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnProperty(prefix = "smsmux.callback", name = "enabled", havingValue = "true")
@ConditionalOnBean(SmsClient.class)
public class SmsmuxCallbackAutoConfiguration {
    @Bean
    public SmsmuxCallbackController smsmuxCallbackController(SmsClient client, ApplicationEventPublisher events) {
        return new SmsmuxCallbackController(client, events);
    }
}
