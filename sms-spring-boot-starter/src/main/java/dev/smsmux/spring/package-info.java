/**
 * Spring Boot auto-configuration for smsmux: the {@code smsmux.*} keys of the properties config, read from
 * any Spring property source; an {@link dev.smsmux.SmsClient} bean; per-provider health; Micrometer metrics;
 * and an opt-in callback endpoint that publishes verified callbacks as application events.
 */
@NullMarked
package dev.smsmux.spring;

import org.jspecify.annotations.NullMarked;
