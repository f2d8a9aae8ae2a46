package dev.smsmux.example;

import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.model.SendResult;
import dev.smsmux.model.SmsMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.spring.SmsCallbackEvents;
import dev.smsmux.testkit.smsc.SmscFake;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that sends SMS with the smsmux starter. Run it with no account:
 * {@code java -jar examples/spring-boot-example/target/spring-boot-example.jar} starts an SMSC fake in this
 * process and points {@code smsmux.provider.primary.base-url} at it (see application.yml for the rest).
 * Then: {@code curl -X POST 'localhost:8080/sms?to=%2B380501234567&text=hello'}, {@code curl
 * localhost:8080/sms/<id>}, {@code curl localhost:8080/actuator/health}.
 */
@SpringBootApplication
@RestController
public class ExampleApplication {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleApplication.class);

    private final SmsClient sms;
    private final List<Object> callbacks = new CopyOnWriteArrayList<>();

    public ExampleApplication(SmsClient sms) {
        this.sms = sms;
    }

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(ExampleApplication.class);
        if (!List.of(args).contains("--no-fake")) {
            SmscFake fake = SmscFake.start();
            LOG.info("embedded SMSC fake at {}", fake.baseUrl());
            app.setDefaultProperties(Map.of("smsmux.provider.primary.base-url", fake.baseUrl()));
        }
        app.run(args);
    }

    /** Sends one SMS at start-up, as an application's welcome message would. */
    @Bean
    ApplicationRunner welcome() {
        return args -> {
            SendResult r = sms.send(SmsMessage.to("+380501234567").text("smsmux example is up").build());
            LOG.info("welcome SMS sent: {}", r.ids());
        };
    }

    @PostMapping("/sms")
    public ResponseEntity<Object> send(@RequestParam("to") String to, @RequestParam("text") String text) {
        try {
            SendResult r = sms.send(sms.message().to(to).text(text).build());
            return ResponseEntity.ok(Map.of("ids", r.ids().stream().map(Object::toString).toList(), "provider", r.provider()));
        } catch (SmsException e) {
            return ResponseEntity.status(e.outcome() == dev.smsmux.model.Outcome.UNKNOWN ? 502 : 400)
                    .body(Map.of("kind", e.kind().name(), "outcome", e.outcome().name(), "message", e.error().message()));
        }
    }

    @GetMapping("/sms/{id}")
    public StatusReport status(@PathVariable("id") String id) {
        return sms.status(dev.smsmux.model.MessageId.parse(id));
    }

    @GetMapping("/sms/callbacks")
    public List<Object> callbacks() {
        return List.copyOf(callbacks);
    }

    @EventListener
    void onStatus(SmsCallbackEvents.StatusReceived e) {
        LOG.info("delivery status from {}: {} is {}", e.provider(), e.report().id(), e.report().state());
        callbacks.add(e);
    }

    @EventListener
    void onInbound(SmsCallbackEvents.InboundReceived e) {
        LOG.info("inbound SMS from {}: {}", e.message().from(), e.message().text());
        callbacks.add(e);
    }
}
