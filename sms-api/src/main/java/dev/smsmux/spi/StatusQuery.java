package dev.smsmux.spi;

import dev.smsmux.model.MessageId;
import dev.smsmux.model.StatusReport;
import java.util.ArrayList;
import java.util.List;

/** Asks a gateway what became of messages it accepted. */
public interface StatusQuery {

    StatusReport status(MessageId id);

    /**
     * Many at once, answered in the order asked; gateways with a multi-id endpoint override this and
     * the caller splits by {@link Capabilities#maxIdsPerStatusRequest()}.
     */
    default List<StatusReport> statuses(List<MessageId> ids) {
        List<StatusReport> reports = new ArrayList<>(ids.size());
        for (MessageId id : ids) {
            reports.add(status(id));
        }
        return reports;
    }
}
