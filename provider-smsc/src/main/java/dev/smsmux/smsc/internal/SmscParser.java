package dev.smsmux.smsc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smsmux.http.Json;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reads every SMSC response format into {@link SmscReply}. Field names follow the JSON format; the
 * positional fmt=1 format is named by the caller, since its columns depend on the endpoint. A body that is
 * not the format asked for throws {@link NotTheProtocolException}.
 */
public final class SmscParser {
    private static final Pattern TEXT_ERROR = Pattern.compile("^ERROR\\s*=\\s*(-?\\d+)\\s*(?:\\((.*?)\\))?\\s*(?:,\\s*ID\\s*-\\s*(\\S+))?\\s*$",
            Pattern.DOTALL);
    /**
     * Exactly two fields, {@code <id>,-<N>}: a success line has other shapes ({@code id,cnt,cost,balance}), and a
     * negative balance at its end must not read as an error.
     */
    private static final Pattern CSV_ERROR = Pattern.compile("^([^,\\s]*)\\s*,\\s*-(\\d+)\\s*$");
    private static final Pattern TEXT_PAIR = Pattern.compile("^([A-Za-z_][A-Za-z0-9_ ]*?)\\s*(?:=|\\s-)\\s*(.*)$", Pattern.DOTALL);

    /** The body was not SMSC's protocol (an HTML page, truncated JSON, XML with a DTD). */
    public static final class NotTheProtocolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotTheProtocolException(String message) {
            super(message);
        }
    }

    private SmscParser() {
    }

    /**
     * Parses a body.
     *
     * @param format  the format asked for
     * @param body    the decoded body
     * @param columns fmt=1 column names, in order; the last column takes the rest of the line (it may hold commas)
     */
    public static SmscReply parse(SmscFormat format, String body, List<String> columns) {
        String text = body.strip();
        if (text.isEmpty()) {
            throw new NotTheProtocolException("the gateway answered an empty body");
        }
        // Some endpoints answer in plain format whatever fmt was asked (seen with unknown template ids).
        Matcher plainError = TEXT_ERROR.matcher(text);
        if (text.startsWith("ERROR") && plainError.matches()) {
            return new SmscReply.Failure(Integer.parseInt(plainError.group(1)),
                    plainError.group(2) == null ? "" : plainError.group(2), plainError.group(3));
        }
        if (format != SmscFormat.XML && (text.startsWith("<") || text.regionMatches(true, 0, "<!doctype", 0, 9))) {
            throw new NotTheProtocolException("the gateway answered markup where " + format.configName() + " was asked");
        }
        return switch (format) {
            case JSON -> json(text);
            case XML -> xml(text);
            case CSV -> csv(text, columns);
            case TEXT -> text(text, columns);
        };
    }

    private static SmscReply json(String text) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new NotTheProtocolException("the gateway answered something that is not JSON");
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            throw new NotTheProtocolException("the gateway answered JSON that is neither an object nor an array");
        }
        if (root.isObject() && root.has("error_code")) {
            JsonNode code = root.get("error_code");
            if (!code.canConvertToInt() && !code.asText().matches("-?\\d+")) {
                throw new NotTheProtocolException("error_code is not a number");
            }
            return new SmscReply.Failure(code.asInt(), root.path("error").asText(""),
                    root.hasNonNull("id") ? root.get("id").asText() : null);
        }
        List<Map<String, String>> records = new ArrayList<>();
        List<Map<String, String>> phones = new ArrayList<>();
        if (root.isArray()) {
            for (JsonNode n : root) {
                if (n.isObject()) {
                    records.add(flatten(n));
                } else if (!n.isNull()) {
                    records.add(Map.of("value", n.asText()));
                }
            }
        } else {
            records.add(flatten(root));
            for (JsonNode p : root.path("phones")) {
                if (p.isObject()) {
                    phones.add(flatten(p));
                }
            }
        }
        return new SmscReply.Records(records, phones);
    }

    private static Map<String, String> flatten(JsonNode object) {
        Map<String, String> m = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                m.put(e.getKey(), e.getValue().asText());
            }
        });
        return m;
    }

    private static SmscReply xml(String text) {
        Element root;
        try {
            root = secureBuilder().parse(new InputSource(new StringReader(text))).getDocumentElement();
        } catch (Exception e) {
            throw new NotTheProtocolException("the gateway answered XML that cannot be read safely: "
                    + e.getClass().getSimpleName());
        }
        Element errorCode = child(root, "error_code");
        if (errorCode != null) {
            Element desc = child(root, "error");
            Element id = child(root, "id");
            try {
                return new SmscReply.Failure(Integer.parseInt(errorCode.getTextContent().strip()),
                        desc == null ? "" : desc.getTextContent().strip(), id == null ? null : id.getTextContent().strip());
            } catch (NumberFormatException e) {
                throw new NotTheProtocolException("error_code is not a number");
            }
        }
        List<Element> children = elements(root);
        boolean isList = !children.isEmpty() && children.stream().allMatch(c -> c.getTagName().equals(children.get(0).getTagName()))
                && children.stream().anyMatch(c -> c.hasAttributes() || !elements(c).isEmpty())
                && (children.size() > 1 || root.getTagName().equals("list") || !root.getTagName().equals("result"));
        List<Map<String, String>> records = new ArrayList<>();
        if (isList) {
            children.forEach(c -> records.add(record(c)));
        } else {
            records.add(record(root));
        }
        return new SmscReply.Records(records, List.of());
    }

    /**
     * One secure parser per thread, reset between uses: making a factory per answer cost 160 times Jackson's
     * parse (sms-benchmarks). DocumentBuilder is not thread-safe; a thread's own is.
     */
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(() -> {
        try {
            return newSecureBuilder();
        } catch (Exception e) {
            throw new IllegalStateException("no secure XML parser", e);
        }
    });

    /** A DOM parser with DTDs, external entities and XInclude off: an XXE payload is refused, not resolved. */
    static DocumentBuilder secureBuilder() {
        DocumentBuilder b = BUILDERS.get();
        b.reset();
        b.setErrorHandler(null);
        return b;
    }

    private static DocumentBuilder newSecureBuilder() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b;
    }

    private static Map<String, String> record(Element e) {
        Map<String, String> m = new LinkedHashMap<>();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            m.put(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
        }
        List<Element> kids = elements(e);
        if (kids.isEmpty()) {
            String t = e.getTextContent().strip();
            if (!t.isEmpty()) {
                m.put(e.getTagName(), t);
            }
        }
        for (Element k : kids) {
            if (elements(k).isEmpty()) {
                m.put(k.getTagName(), k.getTextContent().strip());
            }
        }
        return m;
    }

    private static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) nodes.item(i));
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        for (Element e : elements(parent)) {
            if (e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static SmscReply csv(String text, List<String> columns) {
        String[] lines = text.split("\\r?\\n");
        if (lines.length == 1) {
            Matcher m = CSV_ERROR.matcher(lines[0]);
            if (m.matches()) {
                String id = m.group(1);
                return new SmscReply.Failure(Integer.parseInt(m.group(2)), "", id.isEmpty() || id.equals("0") ? null : id);
            }
        }
        List<Map<String, String>> records = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", Math.max(1, columns.size()));
            Map<String, String> r = new LinkedHashMap<>();
            for (int i = 0; i < fields.length; i++) {
                r.put(i < columns.size() ? columns.get(i) : "field" + i, fields[i].strip());
            }
            records.add(r);
        }
        return new SmscReply.Records(records, List.of());
    }

    /**
     * fmt=0: {@code KEY = value, KEY - value} pairs, one record per line. A piece without a key belongs to
     * the value before it (a message text with commas). A line with no key at all is read by columns.
     */
    private static SmscReply text(String text, List<String> columns) {
        List<Map<String, String>> records = new ArrayList<>();
        for (String line : text.split("\\r?\\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> r = new LinkedHashMap<>();
            String lastKey = null;
            for (String piece : line.split(",\\s*")) {
                Matcher m = TEXT_PAIR.matcher(piece.strip());
                if (m.matches()) {
                    String key = normalizeKey(m.group(1));
                    String value = m.group(2).strip();
                    if (key.equals("cnt") && value.endsWith(" SMS")) {
                        value = value.substring(0, value.length() - 4).strip();
                    }
                    r.put(key, value);
                    lastKey = key;
                } else if (lastKey != null) {
                    r.put(lastKey, r.get(lastKey) + ", " + piece);
                } else {
                    r.put(columns.isEmpty() ? "value" : columns.get(Math.min(r.size(), columns.size() - 1)), piece.strip());
                }
            }
            records.add(r);
        }
        return new SmscReply.Records(records, List.of());
    }

    /** fmt=0 keys to the JSON format's names: {@code OK} counts messages, {@code check_time} is {@code last_date}. */
    private static String normalizeKey(String raw) {
        String k = raw.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        return switch (k) {
            case "ok" -> "cnt";
            case "check_time" -> "last_date";
            case "name" -> "sender";
            default -> k;
        };
    }
}
