package dev.smsmux.smpp.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * The bytes an SMSC sends, watched at each PDU boundary: a command_length below the 16-octet header or above any
 * PDU's size is not SMPP (an HTTP server, a TLS port, a proxy's error page). jsmpp then only loses the session;
 * this lets a submit waiting on it say {@code PROTOCOL} instead of a bare timeout.
 */
final class PduWatch extends FilterInputStream {
    /** The largest PDU: a submit_sm with a full message_payload is far below it. */
    private static final long MAX_PDU = 1 << 20;
    private final byte[] header = new byte[4];
    private int headerRead;
    private long remaining;
    private volatile @Nullable String violation;

    PduWatch(InputStream in) {
        super(in);
    }

    /** What was not SMPP, if anything was. */
    @Nullable String violation() {
        return violation;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            see((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        for (int i = 0; i < n; i++) {
            see(b[off + i]);
        }
        return n;
    }

    private void see(byte b) {
        if (violation != null) {
            return;
        }
        if (remaining > 0) {
            remaining--;
            return;
        }
        header[headerRead++] = b;
        if (headerRead == 4) {
            long length = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            headerRead = 0;
            if (length < 16 || length > MAX_PDU) {
                violation = "the SMSC sent a command_length of " + length + ": not an SMPP PDU";
                return;
            }
            remaining = length - 4;
        }
    }
}
