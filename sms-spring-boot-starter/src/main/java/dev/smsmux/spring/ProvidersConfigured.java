package dev.smsmux.spring;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when some {@code smsmux.provider.*} key is set: a starter on the classpath alone makes no client. */
final class ProvidersConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return SpringConfigReader.configured(context.getEnvironment());
    }
}
