package dev.smsmux.spring;

import dev.smsmux.ErrorKind;
import dev.smsmux.SmsClient;
import dev.smsmux.SmsException;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.spi.Capability;
import dev.smsmux.spi.CallbackParser;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
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
 * {@link CallbackRequest} (form decoded in the vendor's charset, since the hash is over those bytes), the
 * provider's parser verifies it, and a verified one is published as a {@link SmsCallbackEvents} event and
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
        byte[] body = request.getInputStream().readAllBytes();
        Map<String, List<String>> query = decode(request.getQueryString() == null ? "" : request.getQueryString(),
                StandardCharsets.UTF_8);
        Charset charset = charset(request.getContentType(), query, parser.defaultCharset());
        Map<String, List<String>> form = Map.of();
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE) || (type.isEmpty() && body.length > 0
                && body[0] != '{' && body[0] != '<')) {
            form = decode(new String(body, StandardCharsets.ISO_8859_1), charset);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), Collections.list(request.getHeaders(name)));
        }
        try {
            CallbackEvent event = parser.parse(new CallbackRequest(request.getMethod(), query, form, headers, body, charset));
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

    /** The charset the vendor used: the Content-Type's, else {@code charset=} in the handler URL, else its default. */
    static Charset charset(String contentType, Map<String, List<String>> query, Charset fallback) {
        String name = null;
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                if (part.strip().toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    name = part.strip().substring(8).replace("\"", "");
                }
            }
        }
        if (name == null && query.containsKey("charset")) {
            name = query.get("charset").get(0);
        }
        try {
            return name == null ? fallback : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return fallback;
        }
    }

    static Map<String, List<String>> decode(String text, Charset charset) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException malformed) {
                // a broken escape: the parameter is left out, and verification will fail closed
            }
        }
        return out;
    }
}
