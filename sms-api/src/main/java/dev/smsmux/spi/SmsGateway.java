package dev.smsmux.spi;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.model.MessageId;
import dev.smsmux.model.Outcome;
import dev.smsmux.model.SmsError;
import dev.smsmux.model.SmsException;

/**
 * One configured account at one vendor. Hands out the capabilities it has; asking for one it lacks is an
 * {@link ErrorKind#UNSUPPORTED} error. A gateway that itself implements a capability's interface (an
 * {@code SmscGateway} is an {@code SmsSender}) hands out itself without overriding the accessor. Thread-safe; closed with the client that holds it.
 */
public interface SmsGateway extends AutoCloseable {

    /** The configured name ({@code primary}); message ids carry it. */
    String name();

    /** The provider id ({@code smsc}). */
    String providerId();

    Capabilities capabilities();

    default SmsSender sender() {
        if (this instanceof SmsSender self) {
            return self;
        }
        throw unsupported(Capability.SEND);
    }

    default StatusQuery statusQuery() {
        if (this instanceof StatusQuery self) {
            return self;
        }
        throw unsupported(Capability.STATUS);
    }

    default BalanceQuery balanceQuery() {
        if (this instanceof BalanceQuery self) {
            return self;
        }
        throw unsupported(Capability.BALANCE);
    }

    default SenderIdRegistry senderIds() {
        if (this instanceof SenderIdRegistry self) {
            return self;
        }
        throw unsupported(Capability.SENDER_IDS);
    }

    default InboundQuery inbound() {
        if (this instanceof InboundQuery self) {
            return self;
        }
        throw unsupported(Capability.INBOUND);
    }

    default CallbackParser callbacks() {
        if (this instanceof CallbackParser self) {
            return self;
        }
        throw unsupported(Capability.CALLBACKS);
    }

    default NumberLookup numberLookup() {
        if (this instanceof NumberLookup self) {
            return self;
        }
        throw unsupported(Capability.LOOKUP);
    }

    default CostEstimator costEstimator() {
        if (this instanceof CostEstimator self) {
            return self;
        }
        throw unsupported(Capability.COST_ESTIMATE);
    }

    default EventSource events() {
        if (this instanceof EventSource self) {
            return self;
        }
        throw unsupported(Capability.EVENTS);
    }

    default MessageHistory history() {
        if (this instanceof MessageHistory self) {
            return self;
        }
        throw unsupported(Capability.HISTORY);
    }

    /**
     * A vendor-specific API this gateway also offers (SmsGateway24's devices, the memory provider's
     * outbox), like JDBC's {@code unwrap}.
     */
    default <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SmsException(new SmsError(ErrorKind.UNSUPPORTED, Outcome.NOT_SENT, name(), null,
                "gateway '" + name() + "' (" + providerId() + ") is not a " + type.getSimpleName(), null, null));
    }

    /**
     * {@code id}, checked to be one of this gateway's: an id of another account is refused as
     * {@code INVALID_REQUEST}/{@code NOT_SENT} before anything is asked.
     */
    default MessageId own(MessageId id) {
        if (!id.provider().equals(name())) {
            throw SmsException.invalid(ErrorKind.INVALID_REQUEST, "message " + id + " is not from provider '" + name() + "'");
        }
        return id;
    }

    /** Releases connections and threads. Never throws. */
    @Override
    void close();

    private SmsException unsupported(Capability capability) {
        return new SmsException(new SmsError(ErrorKind.UNSUPPORTED, Outcome.NOT_SENT, name(), null,
                "gateway '" + name() + "' (" + providerId() + ") does not support " + capability, null, null));
    }

    /**
     * The id this gateway gives the message to {@code to} that was sent with this client reference, where the vendor
     * takes the caller's own id (SMSC's {@code id}): asking its status then tells exactly whether that send went,
     * which settles a send whose answer was lost. Empty where ids are the vendor's alone.
     */
    default java.util.Optional<MessageId> idOfReference(String clientReference, dev.smsmux.model.PhoneNumber to) {
        return java.util.Optional.empty();
    }

    /**
     * The application's shared store offers slots shared by all its instances: a gateway whose vendor caps
     * concurrent requests per account keeps them through it. Called once, before the first request; the default
     * ignores it.
     */
    default void share(SharedPermits permits) {
    }
}
