package dev.smsmux.cli;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.smsc.SmscFake;

/** Step 4: SMSC refuses connections (surely not sent): each send moves on, and after three the circuit opens. */
final class DemoOutageStep {
    private DemoOutageStep() {
    }

    static void run(DemoOutput out, SmsClient main, SmscFake smsc) {
        out.title("4. The primary gateway goes down: connections refused, circuit opens, sends fail over");
        smsc.pause();
        for (int i = 1; i <= 4; i++) {
            out.report("outage-" + i, main.send(SmsMessage.to("+38050123450" + i).text("Order " + i + " is on its way").build()));
            out.text("  circuit of smsc: " + main.circuitState("smsc"));
        }
    }
}
