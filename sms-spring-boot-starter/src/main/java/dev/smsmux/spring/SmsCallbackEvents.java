package dev.smsmux.spring;

import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.StatusReport;

/** The application events the callback endpoint publishes, once a callback is verified. */
public final class SmsCallbackEvents {
    private SmsCallbackEvents() {
    }

    /**
     * A delivery status a vendor pushed.
     *
     * @param provider the configured provider name
     * @param report   the status
     */
    public record StatusReceived(String provider, StatusReport report) {
    }

    /**
     * An inbound SMS a vendor pushed.
     *
     * @param provider the configured provider name
     * @param message  the message
     */
    public record InboundReceived(String provider, InboundMessage message) {
    }
}
