package dev.smsmux.smpp.internal;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMPP session (a transmitter, a transceiver or a receiver) kept bound while it is wanted: bound in the
 * background when started, bound again with backoff after the connection drops or the SMSC sends {@code unbind}
 * (also when nobody sends: a supervisor looks every second), closed with the gateway. A send that finds it unbound
 * binds at once (or fails {@code NOT_SENT} while a recent bind failure's backoff runs). The bind type can change
 * while it runs: a transmitter becomes a transceiver when somebody subscribes to reports.
 *
 * <p>Just over 400 lines: binding, leasing, retiring and rebinding share one lock and one set of fields, and the
 * races between them (a lease against a retire, a bind against a close) are only readable in one place.
 */
public final class SessionSlot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.smsmux.smpp");
    private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration WATCH = Duration.ofSeconds(1);

    private final SmppSettings settings;
    private final @Nullable MessageReceiverListener receiver;
    private final ScheduledExecutorService scheduler;
    private volatile BindType bindType;
    private volatile @Nullable SMPPSession session;
    private volatile @Nullable PduWatch watch;
    /** Kept bound in the background (not only when a send needs it). */
    private volatile boolean wanted;
    private volatile boolean closed;
    private volatile @Nullable ScheduledFuture<?> watching;
    /** Sends under way on each session: a retired session is unbound once its count is zero. */
    private final java.util.Map<SMPPSession, Integer> inUse = new java.util.concurrent.ConcurrentHashMap<>();
    /** Sessions retired and not yet unbound: the gateway's close unbinds them too. */
    private final java.util.Set<SMPPSession> retiring = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Sessions jsmpp has reported CLOSED. jsmpp reads PDUs on several threads, so an {@code unbind} sent right after
     * {@code bind_resp} can be handled first: the session closes, and then the bind response sets its state back to
     * BOUND on a closed socket. Its state alone would then say bound forever, and nothing would bind again (no
     * receipt would ever arrive). Weak: a session dropped by the slot is forgotten with it.
     */
    private final java.util.Set<SMPPSession> seenClosed =
            java.util.Collections.newSetFromMap(java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>()));
    /** Guarded by this: bind failures in a row, and when the next bind may be tried. */
    private int failures;
    private long nextBindNanos = System.nanoTime();
    private @Nullable SmsException lastFailure;

    public SessionSlot(SmppSettings settings, BindType bindType, @Nullable MessageReceiverListener receiver,
                       ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.bindType = bindType;
        this.receiver = receiver;
        this.scheduler = scheduler;
    }

    /** Binds in the background now and keeps the session bound until {@link #stop()} or {@link #close()}. */
    public synchronized void start() {
        if (closed || wanted) {
            return;
        }
        wanted = true;
        scheduler.execute(this::rebindQuietly);
        watching = scheduler.scheduleWithFixedDelay(this::rebindQuietly, WATCH.toMillis(), WATCH.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Unbinds and stays unbound (until {@link #start()}, or a send binds it). */
    public synchronized void stop() {
        wanted = false;
        ScheduledFuture<?> w = watching;
        if (w != null) {
            w.cancel(false);
        }
        retire(session, Duration.ZERO);
        session = null;
    }

    /**
     * Binds as {@code type} from now on. The current session, bound as another type, is retired: new sends wait for
     * the new session, and the old one is unbound once the submits already on it have had their response time.
     */
    public synchronized void switchTo(BindType type) {
        if (type == bindType || closed) {
            return;
        }
        bindType = type;
        SMPPSession old = session;
        session = null;
        // Submits already on the old session finish first: each holds its lease until its answer or its response
        // timeout, so the session waits for them (and, against a lease never given back, at most three response times
        // and a margin; a submit still waiting then is UNKNOWN, as for any lost connection).
        retire(old, settings.responseTimeout().multipliedBy(3).plusSeconds(5));
        if (wanted) {
            scheduler.execute(this::rebindQuietly);
        }
    }

    public BindType bindType() {
        return bindType;
    }

    /** A bound session held for one message's submits; closing it lets a retired session go. */
    public record Lease(SMPPSession session, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    /** {@link #bound()}, held until the lease is closed: the session is not unbound under a message's parts. */
    public Lease lease() {
        while (true) {
            SMPPSession s = bound();
            inUse.merge(s, 1, Integer::sum);
            Runnable release = () -> inUse.computeIfPresent(s, (k, n) -> n == 1 ? null : n - 1);
            // The session may have been retired (a switch to a receiving bind) between bound() and the count: retire
            // adds it to `retiring` before it looks at the count, and this looks at `retiring` after counting, so
            // either retire waits for this lease or this lease lets go and takes the new session. Without it a
            // submit could go out on a session being unbound, and its answer never come: a message maybe sent.
            if (!retiring.contains(s)) {
                return new Lease(s, release);
            }
            release.run();
        }
    }

    private void retire(@Nullable SMPPSession old, Duration after) {
        if (old == null) {
            return;
        }
        retiring.add(old);
        Runnable unbind = () -> {
            if (retiring.remove(old)) {
                if (alive(old)) {
                    old.unbindAndClose();
                } else {
                    old.close();
                }
            }
        };
        if (after.isZero() || scheduler.isShutdown()) {
            unbind.run();
        } else {
            retireWhenIdle(old, unbind, System.nanoTime() + after.toNanos());
        }
    }

    /**
     * Unbinds once no message is being submitted on the session, or at the deadline (long after any answer was due:
     * a submit still waiting then is UNKNOWN, as for any lost connection).
     */
    private void retireWhenIdle(SMPPSession old, Runnable unbind, long deadline) {
        if (!inUse.containsKey(old) || System.nanoTime() - deadline >= 0 || closed) {
            unbind.run();
        } else if (!scheduler.isShutdown()) {
            scheduler.schedule(() -> retireWhenIdle(old, unbind, deadline), 20, TimeUnit.MILLISECONDS);
        } else {
            unbind.run();
        }
    }

    /** A bound session to submit on; binds now when there is none. */
    public SMPPSession bound() {
        SMPPSession s = session;
        if (s != null && alive(s)) {
            return s;
        }
        synchronized (this) {
            s = session;
            if (s != null && alive(s)) {
                return s;
            }
            if (closed) {
                throw unavailable("the gateway is closed", null);
            }
            long wait = nextBindNanos - System.nanoTime();
            if (wait > 0 && lastFailure != null) {
                throw new SmsException(new SmsError(lastFailure.kind(), Outcome.NOT_SENT, settings.name(),
                        lastFailure.error().vendorCode(), lastFailure.error().message() + " (next bind in "
                        + Math.max(1, wait / 1_000_000) + " ms)", null, null));
            }
            return bindNow();
        }
    }

    /** Whether a session is bound now. */
    public boolean isBound() {
        SMPPSession s = session;
        return s != null && alive(s);
    }

    /** Bound by its state, and never reported closed (see {@link #seenClosed}). */
    private boolean alive(SMPPSession s) {
        return s.getSessionState().isBound() && !seenClosed.contains(s);
    }

    private synchronized SMPPSession bindNow() {
        BindType type = bindType;
        SMPPSession s = new SMPPSession(connections());
        s.setTransactionTimer(settings.responseTimeout().toMillis());
        s.setEnquireLinkTimer((int) Math.min(Integer.MAX_VALUE, settings.enquireLink().toMillis()));
        // deliver_sm threads may wait for submit answers (Receipts.HOLDS): enough others stay to read those answers
        s.setPduProcessorDegree(Receipts.HOLDS + 3);
        if (receiver != null) {
            s.setMessageReceiverListener(receiver);
        }
        // Before the bind, so that an unbind sent right after bind_resp is seen: the slot binds again.
        s.addSessionStateListener((to, from, source) -> {
            if (to == SessionState.CLOSED) {
                seenClosed.add(s);
            }
            if (to == SessionState.CLOSED && !closed) {
                LOG.info("[{}] SMPP session {} closed (was {}); binding again", settings.name(), type, from);
                if (!scheduler.isShutdown()) {
                    scheduler.execute(this::rebindQuietly);
                }
            }
        });
        try {
            s.connectAndBind(settings.host(), settings.port(), new BindParameter(type, settings.systemId(),
                    settings.password(), settings.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
                    settings.responseTimeout().toMillis());
        } catch (IOException e) {
            s.close();
            throw failed(bindFailure(e));
        }
        if (closed) { // closed while binding: nothing may outlive the gateway
            s.unbindAndClose();
            throw unavailable("the gateway is closed", null);
        }
        if (!alive(s)) {
            s.close();
            throw failed(unavailable("the SMSC closed the session right after the bind", null));
        }
        failures = 0;
        lastFailure = null;
        nextBindNanos = System.nanoTime();
        session = s;
        if (closed) { // close() ran while this bind finished: it may not have seen the session
            session = null;
            s.unbindAndClose();
            throw unavailable("the gateway is closed", null);
        }
        LOG.debug("[{}] bound {} to {}:{}", settings.name(), type, settings.host(), settings.port());
        return s;
    }

    private SmsException failed(SmsException e) {
        failures++;
        lastFailure = e;
        // Refused credentials will be refused again: the longest wait at once, so as not to get the account locked.
        long backoff = e.kind() == ErrorKind.AUTHENTICATION ? MAX_BACKOFF.toNanos()
                : Math.min(MAX_BACKOFF.toNanos(), MIN_BACKOFF.toNanos() << Math.min(failures - 1, 16));
        nextBindNanos = System.nanoTime() + backoff;
        return e;
    }

    private void rebindQuietly() {
        if (closed || !wanted || isBound()) {
            return;
        }
        try {
            synchronized (this) {
                if (!closed && wanted && !isBound()) {
                    if (nextBindNanos - System.nanoTime() > 0) {
                        return; // the watch comes back every second
                    }
                    bindNow();
                }
            }
        } catch (SmsException e) {
            LOG.warn("[{}] SMPP bind ({}) failed: {}; retrying", settings.name(), bindType, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("[{}] SMPP bind ({}) failed: {}", settings.name(), bindType, e.toString());
        }
    }

    /** A refused bind is AUTHENTICATION (or the status's own kind); a refused connection UNAVAILABLE. NOT_SENT. */
    private SmsException bindFailure(IOException e) {
        Throwable cause = e.getCause();
        if (cause instanceof NegativeResponseException n) {
            SmppTables.Status st = SmppTables.status(n.getCommandStatus());
            ErrorKind kind = st.kind() == ErrorKind.UNKNOWN ? ErrorKind.AUTHENTICATION : st.kind();
            return new SmsException(new SmsError(kind, Outcome.NOT_SENT, settings.name(), st.name(),
                    "the SMSC refused the bind: " + st.name() + " (" + st.meaning() + ")", null, null));
        }
        // jsmpp's messages can quote the bind's strings, the password among them: masked, and the cause dropped
        return unavailable("cannot bind to " + settings.host() + ":" + settings.port() + ": "
                + describe(e).replace(settings.password(), "****"), null);
    }

    private SmsException unavailable(String message, @Nullable Throwable cause) {
        return new SmsException(new SmsError(ErrorKind.UNAVAILABLE, Outcome.NOT_SENT, settings.name(), null, message,
                null, null), cause);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Sockets with a connect timeout (jsmpp's own factory has none), over TLS when configured. */
    private ConnectionFactory connections() {
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
        return (host, port) -> {
            Socket socket = settings.tls() ? SSLSocketFactory.getDefault().createSocket() : new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), timeout);
                if (socket instanceof SSLSocket tls) {
                    SSLParameters p = tls.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                    tls.setSSLParameters(p);
                    tls.setSoTimeout(timeout);
                    tls.startHandshake();
                }
                return watched(new SocketConnection(socket));
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        };
    }

    /** The connection, its input watched for bytes that are not SMPP. */
    private Connection watched(Connection c) {
        PduWatch in = new PduWatch(c.getInputStream());
        watch = in;
        return new Connection() {
            @Override
            public boolean isOpen() {
                return c.isOpen();
            }

            @Override
            public java.net.InetAddress getInetAddress() {
                return c.getInetAddress();
            }

            @Override
            public java.net.InetAddress getLocalAddress() {
                return c.getLocalAddress();
            }

            @Override
            public int getPort() {
                return c.getPort();
            }

            @Override
            public int getLocalPort() {
                return c.getLocalPort();
            }

            @Override
            public java.io.InputStream getInputStream() {
                return in;
            }

            @Override
            public java.io.OutputStream getOutputStream() {
                return c.getOutputStream();
            }

            @Override
            public void setSoTimeout(int timeout) throws IOException {
                c.setSoTimeout(timeout);
            }

            @Override
            public void close() throws IOException {
                c.close();
            }
        };
    }

    /** What the SMSC sent on the current connection that was not SMPP, if anything. */
    public @Nullable String protocolViolation() {
        PduWatch w = watch;
        return w == null ? null : w.violation();
    }

    @Override
    public void close() {
        closed = true;
        wanted = false;
        ScheduledFuture<?> w = watching;
        if (w != null) {
            w.cancel(false);
        }
        SMPPSession s = session;
        session = null;
        retire(s, Duration.ZERO);
        for (SMPPSession r : List.copyOf(retiring)) { // retired sessions whose submits were still under way
            retire(r, Duration.ZERO);
        }
    }
}
