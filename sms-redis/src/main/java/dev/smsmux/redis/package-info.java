/**
 * {@code smsmux.store=redis}: the client references and request rates of many app instances, shared on Redis
 * through Lettuce (one thread-safe connection, auto-reconnect) and Bucket4j's Redis buckets.
 */
@NullMarked
package dev.smsmux.redis;

import org.jspecify.annotations.NullMarked;
