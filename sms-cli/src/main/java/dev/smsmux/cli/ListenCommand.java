package dev.smsmux.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.smsmux.model.ErrorKind;
import dev.smsmux.SmsClient;
import dev.smsmux.model.SmsException;
import dev.smsmux.callback.CallbackEvent;
import dev.smsmux.callback.CallbackRequest;
import dev.smsmux.model.InboundMessage;
import dev.smsmux.model.StatusReport;
import dev.smsmux.spi.CallbackParser;
import dev.smsmux.spi.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Receives vendors' callbacks at {@code /smsmux/callback/<provider>} and prints each verified event, so that a
 * developer can point a vendor at a laptop (through a tunnel) and see what arrives. A callback that fails
 * verification is answered 403 and reported on stderr, never printed as an event.
 */
@Command(name = "listen", description = "Receive callbacks at /smsmux/callback/<provider> (HTTP) and receipts on SMPP sessions; print each verified event.")
final class ListenCommand extends BaseCommand {
    static final String PATH = "/smsmux/callback/";
    /** A callback is a few fields; a larger body is not one, and is not read into memory. */
    private static final int MAX_BODY = 64 * 1024;
    /** One compact JSON object per line, unlike the indented documents of the other commands. */
    private static final ObjectMapper LINES = new ObjectMapper();

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port = 8080;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind. Default: ${DEFAULT-VALUE} (a tunnel connects locally).")
    String host = "127.0.0.1";

    @Override
    int execute() {
        try (SmsClient client = common.client()) {
            List<String> receivers = client.names().stream()
                    .filter(n -> client.gateway(n).capabilities().supports(Capability.CALLBACKS)).toList();
            // SMPP gateways receive receipts and inbound texts on their own session, not as HTTP callbacks
            List<String> sessions = client.names().stream()
                    .filter(n -> client.gateway(n).capabilities().supports(Capability.EVENTS)).toList();
            if (receivers.isEmpty() && sessions.isEmpty()) {
                throw new UsageError(new SmsException(dev.smsmux.model.SmsError.of(ErrorKind.INVALID_REQUEST,
                        dev.smsmux.model.Outcome.NOT_SENT, "no configured provider takes callbacks or receives events")));
            }
            List<AutoCloseable> subscriptions = new java.util.ArrayList<>();
            for (String name : sessions) {
                subscriptions.add(client.gateway(name).events().subscribe(e -> printEvent(name, e)));
            }
            HttpServer server = null;
            ExecutorService handlers = null;
            if (!receivers.isEmpty()) {
                try {
                    server = HttpServer.create(new InetSocketAddress(host, port), 16);
                } catch (IOException e) {
                    throw new UsageError(new SmsException(dev.smsmux.model.SmsError.of(ErrorKind.INVALID_REQUEST,
                            dev.smsmux.model.Outcome.NOT_SENT, "cannot listen on " + host + ":" + port + ": " + e.getMessage())));
                }
                handlers = Executors.newFixedThreadPool(4);
                server.setExecutor(handlers);
                server.createContext(PATH, exchange -> handle(client, exchange));
            }
            CountDownLatch stopped = new CountDownLatch(1);
            HttpServer httpServer = server;
            ExecutorService httpHandlers = handlers;
            Thread hook = new Thread(() -> {
                if (httpServer != null) {
                    httpServer.stop(1);
                    httpHandlers.shutdown();
                }
                stopped.countDown();
            }, "sms-listen-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            if (server != null) {
                server.start();
                int bound = server.getAddress().getPort();
                for (String name : receivers) {
                    err().println("sms: listening on http://" + host + ":" + bound + PATH + name);
                }
            }
            for (String name : sessions) {
                err().println("sms: receiving receipts and inbound messages on " + name + "'s session");
            }
            err().println("sms: Ctrl-C stops");
            err().flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (server != null) {
                    server.stop(0);
                    handlers.shutdown();
                }
            }
            for (AutoCloseable s : subscriptions) {
                try {
                    s.close();
                } catch (Exception e) {
                    // the client closes the gateways next
                }
            }
            return SmsCli.OK;
        }
    }

    private void handle(SmsClient client, HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                answer(client, exchange);
            } catch (RuntimeException e) {
                synchronized (this) {
                    err().println("sms: callback failed: " + e);
                    err().flush();
                }
                try {
                    // Never a 200: the vendor keeps the report and sends it again. (Inside the try-with-resources:
                    // its catch would run after the exchange is closed.)
                    reply(exchange, 500, "callback failed");
                } catch (IOException | RuntimeException alreadyAnswered) {
                    // the answer was on its way; the connection is closed without one
                }
            }
        }
    }

    private void answer(SmsClient client, HttpExchange exchange) throws IOException {
        String provider = exchange.getRequestURI().getPath().substring(PATH.length());
        if (!client.names().contains(provider) || !client.gateway(provider).capabilities().supports(Capability.CALLBACKS)) {
            reply(exchange, 404, "no callbacks for provider " + provider);
            return;
        }
        byte[] body = readAtMost(exchange.getRequestBody());
        if (body == null) {
            reply(exchange, 413, "too large for a callback");
            return;
        }
        CallbackParser parser = client.gateway(provider).callbacks();
        CallbackRequest request = new CallbackRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body);
        CallbackEvent event;
        try {
            event = parser.parse(request);
        } catch (SmsException e) {
            synchronized (this) {
                err().println("sms: callback for " + provider + " refused: " + e.kind() + ": " + e.error().message());
                err().flush();
            }
            reply(exchange, e.kind() == ErrorKind.AUTHENTICATION ? 403 : 400, e.kind().name());
            return;
        }
        printEvent(provider, event);
        reply(exchange, 200, parser.acknowledgement());
    }

    private synchronized void printEvent(String provider, CallbackEvent event) {
        if (common.json) {
            try {
                out().println(LINES.writeValueAsString(eventLine(provider, event)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else if (event instanceof CallbackEvent.StatusEvent s) {
            StatusReport r = s.report();
            out().println(provider + "  STATUS   " + r.id() + "  " + r.state() + " (" + r.rawCode() + ")");
        } else if (event instanceof CallbackEvent.InboundEvent i) {
            InboundMessage m = i.message();
            out().println(provider + "  INBOUND  " + m.from() + " -> " + m.to() + "  " + m.text());
        }
        out().flush();
    }

    /** The documented line: {@code {"provider","type","id","state","code"}} or {@code {"provider","type","from","to","text"}}. */
    static ObjectNode eventLine(String provider, CallbackEvent event) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("provider", provider);
        line.put("type", event.type().name());
        if (event instanceof CallbackEvent.StatusEvent s) {
            line.put("id", s.report().id().toString());
            line.put("state", s.report().state().name());
            line.put("code", s.report().rawCode());
            if (s.report().changedAt() != null) {
                line.put("at", s.report().changedAt().toString());
            }
        } else if (event instanceof CallbackEvent.InboundEvent i) {
            line.put("from", i.message().from());
            line.put("to", i.message().to());
            line.put("text", i.message().text());
            if (i.message().receivedAt() != null) {
                line.put("at", i.message().receivedAt().toString());
            }
        }
        line.put("repeatKey", event.repeatKey());
        return line;
    }

    private static byte[] readAtMost(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        return b.length > MAX_BODY ? null : b;
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
