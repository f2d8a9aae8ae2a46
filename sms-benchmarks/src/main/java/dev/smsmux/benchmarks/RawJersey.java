package dev.smsmux.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;
import org.glassfish.jersey.client.spi.ConnectorProvider;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;

/** What a user would write by hand: one Jersey client, the same POST, the same parse; no routing, no model. */
public final class RawJersey implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Client client;
    private final String base;
    private final jakarta.ws.rs.client.WebTarget smsclubTarget;
    private final jakarta.ws.rs.client.WebTarget smscTarget;

    /** @param connector apache5, jdk-httpclient, or default (Jersey's HttpURLConnection connector as shipped) */
    public RawJersey(String base, String connector) {
        this(base, switch (connector) {
            case "apache5" -> new Apache5ConnectorProvider();
            case "jdk-httpclient" -> new JavaNetHttpConnectorProvider();
            default -> new HttpUrlConnectorProvider();
        });
    }

    RawJersey(String base, ConnectorProvider connector) {
        this.base = base;
        this.client = ClientBuilder.newClient(new ClientConfig().property(ClientProperties.CONNECT_TIMEOUT, 5000)
                .property(ClientProperties.READ_TIMEOUT, 15000).connectorProvider(connector));
        // Built once, as smsmux builds its own once: like for like (issue 31).
        this.smsclubTarget = client.target(base + "/sms/send");
        this.smscTarget = client.target(base + "/sys/send.php");
    }

    /** SMS Club: POST JSON with a bearer token, read every id of info (one per number), as smsmux does. */
    public List<String> smsclubSend(List<String> phones, String text) {
        StringBuilder body = new StringBuilder("{\"phone\":[");
        for (int i = 0; i < phones.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(phones.get(i)).append('"');
        }
        body.append("],\"message\":\"").append(text).append("\",\"src_addr\":\"Shop\"}");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        var request = smsclubTarget.request().header("Authorization", "Bearer benchmark-token");
        try (Response r = request.post(Entity.entity(bytes, MediaType.APPLICATION_JSON_TYPE))) {
            // Read as text, as smsmux does: SMS Club's answer uses message ids as JSON keys, and Jackson's byte
            // parser keeps every new key in a symbol table it copies per parse (240 KB a send, measured).
            JsonNode root = JSON.readTree(r.readEntity(String.class));
            List<String> ids = new java.util.ArrayList<>(phones.size());
            root.path("success_request").path("info").fieldNames().forEachRemaining(ids::add);
            return ids;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SMSC: POST a form, read the id. */
    String smscSend(String phone, String text) {
        String form = "login=shop&psw=" + URLEncoder.encode("benchmark-password", StandardCharsets.UTF_8) + "&phones="
                + URLEncoder.encode(phone, StandardCharsets.UTF_8) + "&mes=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&fmt=3&charset=utf-8&cost=3&op=1";
        byte[] bytes = form.getBytes(StandardCharsets.US_ASCII);
        var request = smscTarget.request();
        try (Response r = request.post(Entity.entity(bytes, MediaType.APPLICATION_FORM_URLENCODED_TYPE))) {
            return JSON.readTree(r.readEntity(String.class)).path("id").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
