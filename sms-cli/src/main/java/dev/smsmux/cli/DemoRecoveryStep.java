package dev.smsmux.cli;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.MutableClock;
import dev.smsmux.testkit.smsc.SmscFake;
import java.time.Duration;

/** Step 7: SMSC is back; past the circuit's open period one trial call goes to it and closes the circuit. */
final class DemoRecoveryStep {
    private DemoRecoveryStep() {
    }

    static void run(DemoOutput out, SmsClient main, SmscFake smsc, MutableClock clock) {
        out.title("7. The primary recovers: after the circuit's open period one trial call closes it");
        smsc.resume();
        clock.advance(Duration.ofSeconds(31));
        out.text("  (the demo's clock moves 31 s, past circuit.open-for=30s)");
        out.report("recovered", main.send(SmsMessage.to("+380501234599").text("We are back").build()));
        out.text("  circuit of smsc: " + main.circuitState("smsc"));
    }
}
