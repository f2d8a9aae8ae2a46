package dev.smsmux.benchmarks;

import dev.smsmux.SmsClient;
import dev.smsmux.config.SmsmuxConfig;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.testkit.smpp.SmppFake;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * submit_sm on loopback to SmppFake: SmsClient.send through the smpp provider (the router, the outcome rule, the
 * encoder, the receipt book) against raw jsmpp on its own bound session, with the same window of submits in flight
 * (a semaphore of {@link #WINDOW} around the raw submit too). Run with as many threads as the window. Target: smsmux at
 * least 0.9x the raw throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SmppBenchmark {
    static final int WINDOW = 8;

    private SmppFake smsc;
    private SmsClient client;
    private SMPPSession raw;
    private final Semaphore rawWindow = new Semaphore(WINDOW);

    @Setup(Level.Trial)
    public void start() throws Exception {
        smsc = SmppFake.start();
        client = Clients.of(null, SmsmuxConfig.builder(), dev.smsmux.spi.ProviderConfig.builder("operator", "smpp")
                .set("host", "127.0.0.1").set("port", Integer.toString(smsc.port())).set("system-id", SmppFake.SYSTEM_ID)
                .set("password", SmppFake.PASSWORD).set("window", Integer.toString(WINDOW)).set("sender", "Shop")
                .set("bulkhead", "256").build());
        raw = new SMPPSession();
        raw.setTransactionTimer(10_000);
        raw.connectAndBind("127.0.0.1", smsc.port(), new BindParameter(BindType.BIND_TRX, SmppFake.SYSTEM_ID,
                SmppFake.PASSWORD, "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null));
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        raw.unbindAndClose();
        smsc.close();
    }

    @Benchmark
    public SendResult smsmux() {
        return client.send(SmsMessage.to("+380501234567").text("Your code is 4711").build());
    }

    /** What a user of jsmpp writes by hand: the same submit_sm, GSM text, receipt requested. */
    @Benchmark
    public String baselineRawJsmpp() throws Exception {
        rawWindow.acquire();
        try {
            return raw.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "Shop",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "380501234567", new ESMClass(), (byte) 0,
                    (byte) 0, null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    DataCodings.ZERO, (byte) 0, "Your code is 4711".getBytes(StandardCharsets.US_ASCII)).getMessageId();
        } finally {
            rawWindow.release();
        }
    }
}
