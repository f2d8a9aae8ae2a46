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
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;

/** What a user would write by hand: one Jersey client, the same POST, the same parse; no routing, no model. */
public final class RawJersey implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Client client;
    private final String base;
    /** HttpURLConnection streams (and never re-sends) only with a known length; Apache 5 sets its own. */
    private final boolean explicitLength;

    public RawJersey(String base, String connector) {
        this.base = base;
        this.explicitLength = connector.equals("default");
        ClientConfig config = new ClientConfig().property(ClientProperties.CONNECT_TIMEOUT, 5000)
                .property(ClientProperties.READ_TIMEOUT, 15000);
        switch (connector) {
            case "apache5" -> config.connectorProvider(new Apache5ConnectorProvider());
            case "jdk-httpclient" -> config.connectorProvider(new JavaNetHttpConnectorProvider());
            default -> config.connectorProvider(new HttpUrlConnectorProvider().useFixedLengthStreaming());
        }
        this.client = ClientBuilder.newClient(config);
    }

    /** SMS Club: POST JSON with a bearer token, read the first id of info. */
    public String smsclubSend(List<String> phones, String text) {
        StringBuilder body = new StringBuilder("{\"phone\":[");
        for (int i = 0; i < phones.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(phones.get(i)).append('"');
        }
        body.append("],\"message\":\"").append(text).append("\",\"src_addr\":\"Shop\"}");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        var request = client.target(base + "/sms/send").request().header("Authorization", "Bearer benchmark-token");
        if (explicitLength) {
            request.header("Content-Length", bytes.length);
        }
        try (Response r = request.post(Entity.entity(bytes, MediaType.APPLICATION_JSON_TYPE))) {
            JsonNode root = JSON.readTree(r.readEntity(byte[].class));
            return root.path("success_request").path("info").fieldNames().next();
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
        var request = client.target(base + "/sys/send.php").request();
        if (explicitLength) {
            request.header("Content-Length", bytes.length);
        }
        try (Response r = request.post(Entity.entity(bytes, MediaType.APPLICATION_FORM_URLENCODED_TYPE))) {
            return JSON.readTree(r.readEntity(byte[].class)).path("id").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
