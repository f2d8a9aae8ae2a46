package dev.smsmux.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One Lettuce client with two connections (text for references, bytes for buckets), made on first use and
 * made again after a failed start, with short command timeouts: Lettuce's default of a minute would hold a
 * send that long when Redis is gone.
 */
final class RedisConnections implements AutoCloseable {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private volatile @Nullable StatefulRedisConnection<String, String> text;
    private volatile @Nullable StatefulRedisConnection<String, byte[]> bytes;

    RedisConnections(String uri) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(redisUri);
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
    }

    synchronized StatefulRedisConnection<String, String> text() {
        if (text == null) {
            text = client.connect();
        }
        return text;
    }

    synchronized StatefulRedisConnection<String, byte[]> bytes() {
        if (bytes == null) {
            bytes = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        }
        return bytes;
    }

    @Override
    public synchronized void close() {
        if (text != null) {
            text.close();
        }
        if (bytes != null) {
            bytes.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
