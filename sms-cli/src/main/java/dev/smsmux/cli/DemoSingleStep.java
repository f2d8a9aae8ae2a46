package dev.smsmux.cli;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;

/** Step 1: one message, taken by the first provider of the chain (smsc). */
final class DemoSingleStep {
    private DemoSingleStep() {
    }

    static SendResult run(DemoOutput out, SmsClient main) {
        out.title("1. A single send: the first provider (smsc) takes it");
        SendResult single = main.send(SmsMessage.to("+380501234567").text("Your code is 4711").build());
        out.report("single", single);
        return single;
    }
}
