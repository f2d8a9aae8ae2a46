package dev.smsmux.http;

/** Whether a call can change the vendor's state; it decides what an ambiguous failure means. */
public enum Operation {
    /** Sends a message (or changes state): a failure after the request went out is outcome UNKNOWN. */
    SEND,
    /** Reads only: nothing can have been sent, so every failure is NOT_SENT. */
    QUERY;

    /**
     * What a failure that leaves the vendor's answer unknown means for this call: for a send the message may
     * be on its way ({@code UNKNOWN}); a read sent nothing ({@code NOT_SENT}). Written once, for every provider.
     */
    public dev.smsmux.model.Outcome ifAmbiguous() {
        return this == SEND ? dev.smsmux.model.Outcome.UNKNOWN : dev.smsmux.model.Outcome.NOT_SENT;
    }
}
