package dev.smsmux.spring;

import dev.smsmux.model.ErrorKind;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.CallbackParser;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Vendors' callbacks at {@code ${smsmux.callback.path}/{provider}}: the raw request becomes a
 * {@link CallbackRequest} exactly as it arrived (method, raw query, headers, body bytes), the provider's
 * parser decodes and verifies it by its vendor's rules, and a verified one is published as a {@link SmsCallbackEvents} event and
 * answered as the vendor expects. A callback that fails verification is refused with 403 and published
 * nowhere; a malformed one is 400; an unknown provider 404.
 */
@RestController
public class SmsmuxCallbackController {
    private static final Logger LOG = LoggerFactory.getLogger(SmsmuxCallbackController.class);

    private final SmsClient client;
    private final ApplicationEventPublisher events;

    public SmsmuxCallbackController(SmsClient client, ApplicationEventPublisher events) {
        this.client = client;
        this.events = events;
    }

    @RequestMapping(path = "${smsmux.callback.path:/smsmux/callback}/{provider}", method = {RequestMethod.POST, RequestMethod.GET})
    public ResponseEntity<String> callback(@PathVariable("provider") String provider, HttpServletRequest request) throws IOException {
        if (!client.names().contains(provider)
                || !client.gateway(provider).capabilities().supports(Capability.CALLBACKS)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("no callbacks for provider " + provider);
        }
        CallbackParser parser = client.gateway(provider).callbacks();
        // The request as it arrived: the provider decodes it by its vendor's rules (SMSC names its charset in
        // a form field of the very body), so nothing here may read the body as parameters first.
        byte[] body = request.getInputStream().readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), Collections.list(request.getHeaders(name)));
        }
        try {
            CallbackEvent event = parser.parse(new CallbackRequest(request.getMethod(), request.getQueryString(), headers, body));
            if (event instanceof CallbackEvent.StatusEvent s) {
                events.publishEvent(new SmsCallbackEvents.StatusReceived(provider, s.report()));
            } else if (event instanceof CallbackEvent.InboundEvent i) {
                events.publishEvent(new SmsCallbackEvents.InboundReceived(provider, i.message()));
            }
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(parser.acknowledgement());
        } catch (SmsException e) {
            LOG.warn("callback for provider '{}' refused: {}", provider, e.error().message());
            HttpStatus status = e.kind() == ErrorKind.AUTHENTICATION ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST;
            return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(e.kind().name());
        }
    }
}
