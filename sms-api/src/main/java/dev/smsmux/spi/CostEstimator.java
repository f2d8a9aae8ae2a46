package dev.smsmux.spi;

import dev.smsmux.model.CostEstimate;
import dev.smsmux.model.SmsMessage;

/** Prices a message at the gateway without sending it. */
public interface CostEstimator {
    CostEstimate estimate(SmsMessage message);
}
