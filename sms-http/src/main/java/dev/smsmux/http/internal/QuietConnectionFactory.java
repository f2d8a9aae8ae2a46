package dev.smsmux.http.internal;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSession;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * HttpClient connections that never write the wire log. HttpClient's own connections copy every byte to
 * the {@code org.apache.hc.client5.http.wire} logger when it is at DEBUG, and SMS vendors take credentials
 * in request bodies: a developer turning on DEBUG would log passwords and tokens. These connections are the
 * same HTTP/1.1 connections without that copy; smsmux's own logging masks secrets.
 */
public final class QuietConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {
    public static final QuietConnectionFactory INSTANCE = new QuietConnectionFactory();

    private QuietConnectionFactory() {
    }

    @Override
    public ManagedHttpClientConnection createConnection(@Nullable Socket socket) throws IOException {
        QuietConnection c = new QuietConnection();
        if (socket != null) {
            c.bind(socket);
        }
        return c;
    }

    /** A pooled connection: idle ones wait with no timeout, active ones with the configured socket timeout. */
    static final class QuietConnection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection {
        private volatile @Nullable Socket socket;
        private volatile @Nullable Timeout socketTimeout;

        QuietConnection() {
            super(Http1Config.DEFAULT);
        }

        @Override
        public void bind(Socket s) throws IOException {
            super.bind(s);
            this.socket = s;
            this.socketTimeout = Timeout.ofMilliseconds(s.getSoTimeout());
        }

        @Override
        public @Nullable Socket getSocket() {
            return socket;
        }

        @Override
        public @Nullable SSLSession getSSLSession() {
            return super.getSSLSession();
        }

        @Override
        public void setSocketTimeout(Timeout timeout) {
            this.socketTimeout = timeout;
            super.setSocketTimeout(timeout);
        }

        @Override
        public void passivate() {
            super.setSocketTimeout(Timeout.DISABLED);
        }

        @Override
        public void activate() {
            Timeout t = socketTimeout;
            if (t != null) {
                super.setSocketTimeout(t);
            }
        }
    }
}
