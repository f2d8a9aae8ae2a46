package dev.smsmux.testkit.smpp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

/** A loopback server socket on a free port, whose connections the fake keeps a handle on. */
final class SmppFakeListening implements ServerConnectionFactory {
    private final Map<Integer, Connection> connections;
    private volatile int port;

    /** @param connections where each accepted connection is put, by the client's port */
    SmppFakeListening(Map<Integer, Connection> connections) {
        this.connections = connections;
    }

    /** The port listened on, once {@link #listen} ran. */
    int port() {
        return port;
    }

    @Override
    public ServerConnection listen(int port) throws IOException {
        return listen(port, 0, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout) throws IOException {
        return listen(port, timeout, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        server.setSoTimeout(timeout);
        this.port = server.getLocalPort();
        return new ServerConnection() {
            @Override
            public Connection accept() throws IOException {
                Socket socket = server.accept();
                Connection c = new SocketConnection(socket);
                connections.put(socket.getPort(), c);
                return c;
            }

            @Override
            public void setSoTimeout(int t) throws IOException {
                server.setSoTimeout(t);
            }

            @Override
            public int getSoTimeout() throws IOException {
                return server.getSoTimeout();
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
    }
}
