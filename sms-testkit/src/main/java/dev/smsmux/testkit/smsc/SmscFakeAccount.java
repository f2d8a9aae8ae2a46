package dev.smsmux.testkit.smsc;

import dev.smsmux.testkit.smsc.SmscFake.Sender;
import dev.smsmux.testkit.smsc.SmscFake.Sms;
import dev.smsmux.testkit.fake.FakeResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The account's endpoints: balance, sender IDs, history and inbox, operator info, dedicated numbers, call confirmation. */
final class SmscFakeAccount {
    private final SmscFake fake;
    private final SmscRenderer render;

    SmscFakeAccount(SmscFake fake, SmscRenderer render) {
        this.fake = fake;
        this.render = render;
    }
    FakeResponse balance(SmscCall c) {
        String b = fake.balance.setScale(2, RoundingMode.HALF_UP).toPlainString();
        boolean cur = c.get("cur").equals("1");
        return switch (c.fmt()) {
            case 3 -> render.answer(c, "{\n\"balance\": \"" + b + "\"" + (cur ? ",\n\"currency\": \"" + fake.currency + "\"" : "") + "\n}");
            case 2 -> render.answer(c, cur ? "<result>\n<balance>" + b + "</balance>\n<currency>" + fake.currency + "</currency>\n</result>"
                    : "<balance>" + b + "</balance>");
            default -> render.answer(c, b + (cur ? "," + fake.currency : ""));
        };
    }

    FakeResponse senders(SmscCall c) {
        if (c.get("get").equals("1") && c.get("operators").equals("1")) {
            return operators(c);
        }
        if (c.get("get").equals("1")) {
            boolean all = c.get("all").equals("1");
            List<Sender> list = fake.senders.values().stream().filter(s -> all || s.status() == 1)
                    .sorted(java.util.Comparator.comparingInt(Sender::id)).toList();
            if (list.isEmpty()) {
                return render.error(c, 3, null);
            }
            return switch (c.fmt()) {
                case 3 -> render.answer(c, "[" + String.join(",\n", list.stream().map(s -> "{\n\"sender\": \"" + SmscRenderer.jsonEscape(s.name())
                        + "\",\n" + (all ? "\"status\": " + s.status() + ",\n" : "") + "\"id\": " + s.id() + "\n}").toList()) + "]");
                case 2 -> render.answer(c, "<list>\n" + String.join("\n", list.stream().map(s -> "<sender" + (all ? " status=\""
                        + s.status() + "\"" : "") + " id=\"" + s.id() + "\">" + SmscRenderer.xmlEscape(s.name()) + "</sender>").toList())
                        + "\n</list>");
                case 1 -> render.answer(c, String.join("\n", list.stream().map(s -> s.name() + "," + (all ? s.status() + "," : "")
                        + s.id()).toList()));
                default -> render.answer(c, String.join("\n", list.stream().map(s -> "name = " + s.name() + ", "
                        + (all ? "status = " + s.status() + ", " : "") + "id = " + s.id()).toList()));
            };
        }
        String name = c.get("sender");
        if (c.get("add").equals("1")) {
            if (name.isEmpty()) {
                return render.error(c, 1, null);
            }
            fake.addSender(name, 0);
            int id = fake.senders.get(name).id();
            return switch (c.fmt()) {
                case 3 -> render.answer(c, "{\n\"sender\": " + id + "\n}");
                case 2 -> render.answer(c, "<sender>\n<id>" + id + "</id>\n</sender>");
                case 1 -> render.answer(c, String.valueOf(id));
                default -> render.answer(c, "ID = " + id);
            };
        }
        if (c.get("del").equals("1")) {
            return fake.senders.remove(name) == null ? render.error(c, 3, null) : render.ok(c);
        }
        if (c.get("send_code").equals("1")) {
            return name.replaceAll("\\D", "").length() < 7 ? render.error(c, 7, null) : render.ok(c);
        }
        if (c.get("check_code").equals("1")) {
            if (!c.get("code").equals("1234")) {
                return render.error(c, 11, null);
            }
            fake.senders.put(name, new Sender((int) fake.senderIds.incrementAndGet(), name, 1));
            return render.ok(c);
        }
        if (c.get("chg").equals("1")) {
            Sender old = fake.senders.values().stream().filter(x -> String.valueOf(x.id()).equals(c.get("id"))).findFirst().orElse(null);
            if (old == null || name.isEmpty()) {
                return render.error(c, 3, null);
            }
            fake.senders.remove(old.name());
            fake.senders.put(name, new Sender(old.id(), name, 0));
            return render.ok(c);
        }
        return render.error(c, 1, null);
    }

    FakeResponse history(SmscCall c) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Sms s0 : fake.sent) {
            Sms s = fake.messages.getOrDefault(SmscFake.key(s0.id(), s0.phone()), s0);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id().matches("\\d+") ? (Object) Long.parseLong(s.id()) : s.id());
            m.put("phone", s.phone());
            m.put("status", s.status());
            m.put("send_timestamp", s.sentAt().getEpochSecond());
            m.put("message", s.text());
            list.add(m);
        }
        java.util.Collections.reverse(list);
        return switch (c.fmt()) {
            case 3 -> render.answer(c, "[" + String.join(",\n", list.stream().map(SmscRenderer::json).toList()) + "]");
            case 2 -> render.answer(c, "<list>\n" + String.join("\n", list.stream().map(m -> SmscRenderer.xml("sms", m)).toList()) + "\n</list>");
            case 1 -> render.answer(c, String.join("\n", list.stream().map(m -> String.join(",", m.values().stream().map(String::valueOf).toList())).toList()));
            default -> render.answer(c, String.join("\n", list.stream().map(m -> String.join(", ",
                    m.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList())).toList()));
        };
    }

    private static final List<String> OPERATORS = List.of("mega_step", "bee_step", "motiv_step", "sber_step",
            "winmob_step", "volnamob_step", "mts_step", "tele2_step", "tele2", "ua_reg", "ua_int", "mega_int",
            "motiv_int", "mts_int", "motiv", "by_reg", "by_int", "tele2_int", "sber_int");

    /** Per-operator states: approved names are approved (2) by every operator, pending ones sent (1). */
    FakeResponse operators(SmscCall c) {
        List<Sender> list = fake.senders.values().stream().sorted(java.util.Comparator.comparingInt(Sender::id)).toList();
        if (list.isEmpty()) {
            return render.error(c, 3, null);
        }
        return switch (c.fmt()) {
            case 3 -> render.answer(c, "[" + String.join(",\n", list.stream().map(s -> {
                StringJoiner j = new StringJoiner(",\n", "{\n", "\n}");
                j.add("\"sender\": \"" + SmscRenderer.jsonEscape(s.name()) + "\"");
                OPERATORS.forEach(o -> j.add("\"" + o + "\": " + (s.status() == 1 ? 2 : 1)));
                j.add("\"id\": \"" + s.id() + "\"");
                return j.toString();
            }).toList()) + "]");
            case 2 -> render.answer(c, "<list>\n" + String.join("\n", list.stream().map(s -> {
                StringBuilder x = new StringBuilder("<sender");
                OPERATORS.forEach(o -> x.append(' ').append(o).append("=\"").append(s.status() == 1 ? 2 : 1).append('"'));
                return x.append(" id=\"").append(s.id()).append("\">").append(SmscRenderer.xmlEscape(s.name())).append("</sender>").toString();
            }).toList()) + "\n</list>");
            case 1 -> render.answer(c, String.join("\n", list.stream().map(s -> s.name() + ","
                    + String.join(",", OPERATORS.stream().map(o -> String.valueOf(s.status() == 1 ? 2 : 1)).toList()) + "," + s.id()).toList()));
            default -> render.answer(c, String.join("\n", list.stream().map(s -> "name = " + s.name() + ", "
                    + String.join(", ", OPERATORS.stream().map(o -> o + " = " + (s.status() == 1 ? 2 : 1)).toList())
                    + ", id = " + s.id()).toList()));
        };
    }

    /** The vendor's limit on fake.identical requests, per key: at most {@code max} a minute, then error 9. */
    boolean overLimit(String key, int max) {
        Instant now = fake.clock.instant();
        Instant[] times = fake.identical.compute(key, (k, old) -> {
            java.util.List<Instant> kept = new ArrayList<>();
            if (old != null) {
                for (Instant t : old) {
                    if (t.isAfter(now.minusSeconds(60))) {
                        kept.add(t);
                    }
                }
            }
            kept.add(now);
            return kept.toArray(Instant[]::new);
        });
        return times.length > max;
    }

    FakeResponse info(SmscCall c) {
        if (!c.get("get_operator").equals("1") || c.get("phone").isEmpty()) {
            return render.error(c, 1, null);
        }
        String phone = c.get("phone").replaceAll("\\D", "");
        if (phone.length() < 10 || fake.refused.contains(phone)) {
            return render.error(c, 7, null);
        }
        boolean ua = phone.startsWith("380");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("country", ua ? "Україна" : "Россия");
        r.put("operator", ua ? "Київстар" : "МТС");
        r.put("region", ua ? "" : "г.Москва и Московская область");
        r.put("mcc", ua ? 255 : 250);
        r.put("mnc", ua ? 3 : 1);
        r.put("tz", ua ? 2 : 3);
        return switch (c.fmt()) {
            case 3 -> render.answer(c, SmscRenderer.json(r));
            case 2 -> render.answer(c, SmscRenderer.xml("result", r));
            case 1 -> render.answer(c, String.join(",", r.values().stream().map(String::valueOf).toList()));
            default -> render.answer(c, String.join(", ", r.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList()));
        };
    }

    FakeResponse receivePhones(SmscCall c) {
        String key = c.get("get") + "|" + c.get("buy") + "|" + c.get("chg") + "|" + c.get("phone") + "|" + c.get("renew");
        if (overLimit("receive_phones:" + key, 2)) {
            return render.error(c, 9, null);
        }
        if (c.get("get").equals("1")) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (String[] n : new String[][] {{"79000000001", "1", "500.00", "250.00", "МТС SMS"},
                    {"79000000002", "2", "1000.00", "500.00", "Билайн SMS, call"}}) {
                if (fake.rented.containsKey(n[0])) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("phone", n[0]);
                m.put("type", Integer.parseInt(n[1]));
                m.put("cost", n[2]);
                m.put("current_cost", n[3]);
                m.put("info", n[4]);
                list.add(m);
            }
            return switch (c.fmt()) {
                case 3 -> render.answer(c, "[" + String.join(",\n", list.stream().map(SmscRenderer::json).toList()) + "]");
                case 2 -> render.answer(c, "<list>\n" + String.join("\n", list.stream().map(m -> SmscRenderer.xml("phone", m)).toList()) + "\n</list>");
                case 1 -> render.answer(c, String.join("\n", list.stream().map(m -> String.join(",", m.values().stream().map(String::valueOf).toList())).toList()));
                default -> render.answer(c, String.join("\n", list.stream().map(m -> String.join(", ",
                        m.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList())).toList()));
            };
        }
        String phone = c.get("phone").replaceAll("\\D", "");
        if (c.get("buy").equals("1")) {
            if (phone.isEmpty()) {
                return render.error(c, 1, null);
            }
            BigDecimal price = new BigDecimal("250.00");
            synchronized (this) {
                if (fake.balance.compareTo(price) < 0) {
                    return render.error(c, 3, null);
                }
                fake.balance = fake.balance.subtract(price);
            }
            fake.rented.put(phone, true);
            return switch (c.fmt()) {
                case 3 -> render.answer(c, "{\n\"cost\": \"250.00\"\n}");
                case 2 -> render.answer(c, "<result>\n<cost>250.00</cost>\n</result>");
                case 1 -> render.answer(c, "250.00");
                default -> render.answer(c, "COST = 250.00");
            };
        }
        if (c.get("chg").equals("1")) {
            if (!fake.rented.containsKey(phone)) {
                return render.error(c, 1, null);
            }
            fake.rented.put(phone, c.get("renew").equals("1"));
            return render.ok(c);
        }
        return render.error(c, 1, null);
    }

    FakeResponse waitCall(SmscCall c) {
        String phone = c.get("phone").replaceAll("\\D", "");
        if (phone.length() < 10) {
            return render.error(c, 7, null);
        }
        if (overLimit("wait_call:" + phone, 50)) {
            return render.error(c, 9, null);
        }
        String call = phone.startsWith("380") ? "380443334455" : "74951112233";
        String all = "74951112233,380443334455,77273334455";
        return switch (c.fmt()) {
            case 3 -> render.answer(c, "{\n\"phone\": \"" + call + "\",\n\"all_phones\": \"" + all + "\"\n}");
            case 2 -> render.answer(c, "<result>\n<phone>" + call + "</phone>\n<all_phones>" + all + "</all_phones>\n</result>");
            case 1 -> render.answer(c, call + "," + all.replace(',', ';'));
            default -> render.answer(c, "PHONE = " + call + ", ALL_PHONES = " + all.replace(',', ';'));
        };
    }

    FakeResponse get(SmscCall c) {
        if (c.get("get_messages").equals("1")) {
            return history(c);
        }
        if (!c.get("get_answers").equals("1")) {
            return render.error(c, 1, null);
        }
        List<Map<String, String>> list = List.copyOf(fake.inbox);
        List<String> cols = List.of("id", "received", "phone", "to_phone", "sent", "message");
        return switch (c.fmt()) {
            case 3 -> render.answer(c, "[" + String.join(",\n", list.stream().map(m -> {
                Map<String, Object> o = new LinkedHashMap<>();
                cols.forEach(k -> o.put(k, k.equals("message") || k.contains("phone") ? m.get(k) : (Object) Long.parseLong(m.get(k))));
                return SmscRenderer.json(o);
            }).toList()) + "]");
            case 2 -> render.answer(c, "<list>\n" + String.join("\n", list.stream().map(m -> {
                Map<String, Object> o = new LinkedHashMap<>(m);
                return SmscRenderer.xml("sms", o);
            }).toList()) + "\n</list>");
            case 1 -> render.answer(c, String.join("\n", list.stream().map(m -> String.join(",", cols.stream().map(m::get).toList())).toList()));
            default -> render.answer(c, String.join("\n", list.stream().map(m -> String.join(", ",
                    cols.stream().map(k -> k + " = " + m.get(k)).toList())).toList()));
        };
    }

}
