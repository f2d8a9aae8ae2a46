package dev.smsmux.spi;

import dev.smsmux.model.InboundMessage;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Fetches messages subscribers sent to the account's numbers or devices. */
public interface InboundQuery {

    /** Messages received since {@code since} (all the vendor keeps when null), oldest first. */
    List<InboundMessage> received(@Nullable Instant since);
}
