package dev.smsmux.testkit.smsc;

import dev.smsmux.testkit.smsc.SmscFake.Sms;
import dev.smsmux.testkit.fake.FakeResponse;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** {@code status.php}: one status or many, in every {@code fmt}, and deleting a message. */
final class SmscFakeStatuses {
    private final SmscFake fake;
    private final SmscRenderer render;

    SmscFakeStatuses(SmscFake fake, SmscRenderer render) {
        this.fake = fake;
        this.render = render;
    }
    FakeResponse status(SmscCall c) {
        String ids = c.get("id");
        String phones = c.get("phone");
        if (ids.isEmpty() || phones.isEmpty()) {
            return render.error(c, 1, null);
        }
        boolean multi = ids.contains(",") || phones.contains(",");
        String[] idList = ids.split(",");
        String[] phoneList = phones.split(",");
        if (idList.length != phoneList.length) {
            return render.error(c, 1, null);
        }
        if (c.get("del").equals("1")) {
            for (int i = 0; i < idList.length; i++) {
                if (fake.messages.remove(SmscFake.key(idList[i].strip(), phoneList[i])) == null) {
                    return render.error(c, 5, null);
                }
            }
            return render.ok(c);
        }
        // The document: more than one mass request, or more than five requests for one message, within a minute is 9.
        if (multi ? fake.account.overLimit("status mass " + c.get("login") + c.get("apikey"), 1)
                : fake.account.overLimit("status " + idList[0].strip() + "-" + phoneList[0].replaceAll("\\D", ""), 5)) {
            return render.error(c, 9, null);
        }
        int all = c.get("all").matches("[012]") ? Integer.parseInt(c.get("all")) : 0;
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < idList.length; i++) {
            String id = idList[i].strip();
            String phone = phoneList[i].strip().replaceAll("\\D", "");
            Sms s = fake.messages.get(SmscFake.key(id, phone));
            Map<String, Object> r = new LinkedHashMap<>();
            if (s == null) {
                r.put("status", -3);
            } else {
                r.put("status", s.status());
                r.put("last_date", SmscFake.LAST_DATE.format(s.changed().atZone(SmscFake.MOSCOW)));
                r.put("last_timestamp", s.changed().getEpochSecond());
                r.put("flag", 0);
                r.put("err", s.err());
                if (all >= 1) {
                    r.put("send_date", SmscFake.LAST_DATE.format(s.sentAt().atZone(SmscFake.MOSCOW)));
                    r.put("send_timestamp", s.sentAt().getEpochSecond());
                    r.put("phone", s.phone());
                    r.put("cost", s.cost().setScale(2, RoundingMode.HALF_UP).toPlainString());
                    r.put("sender_id", s.sender() == null ? "" : s.sender());
                    r.put("status_name", statusName(s.status()));
                    r.put("message", s.text());
                    r.put("type", 0);
                }
                if (all == 2) {
                    r.put("country", "Україна");
                    r.put("operator", "Київстар");
                    r.put("region", "");
                }
            }
            if (multi) {
                r.put("id", id.matches("\\d+") ? Long.parseLong(id) : id);
                r.put("phone", phone);
            }
            records.add(r);
        }
        return switch (c.fmt()) {
            case 3 -> render.answer(c, multi ? "[" + String.join(",\n", records.stream().map(SmscRenderer::json).toList()) + "]"
                    : SmscRenderer.json(records.get(0)));
            case 2 -> {
                if (!multi) {
                    yield render.answer(c, SmscRenderer.xml("sms", records.get(0)));
                }
                StringBuilder x = new StringBuilder("<list>\n");
                records.forEach(r -> x.append(SmscRenderer.xml("sms", r)).append('\n'));
                yield render.answer(c, x.append("</list>").toString());
            }
            case 1 -> {
                StringJoiner lines = new StringJoiner("\n");
                for (Map<String, Object> r : records) {
                    List<String> f = new ArrayList<>();
                    f.add(String.valueOf(r.get("status")));
                    f.add(String.valueOf(r.getOrDefault("last_timestamp", 0)));
                    f.add(String.valueOf(r.getOrDefault("err", 0)));
                    if (all >= 1 && r.containsKey("send_timestamp")) {
                        for (String k : List.of("send_timestamp", "phone", "cost", "sender_id", "status_name", "message")) {
                            f.add(String.valueOf(r.get(k)));
                        }
                    }
                    if (multi && all == 0) {
                        f.add(String.valueOf(r.get("id")));
                        f.add(String.valueOf(r.get("phone")));
                    }
                    lines.add(String.join(",", f));
                }
                yield render.answer(c, lines.toString());
            }
            default -> {
                StringJoiner lines = new StringJoiner("\n");
                for (Map<String, Object> r : records) {
                    StringJoiner line = new StringJoiner(", ");
                    line.add("Status = " + r.get("status"));
                    if (r.containsKey("last_date")) {
                        line.add("check_time = " + r.get("last_date"));
                        line.add("err = " + r.get("err"));
                    }
                    for (String k : List.of("send_date", "phone", "cost", "sender_id", "status_name", "message", "type",
                            "country", "operator", "region", "id")) {
                        if (r.containsKey(k) && !(k.equals("phone") && !r.containsKey("send_date") && !multi)) {
                            line.add(k + " = " + r.get(k));
                        }
                    }
                    lines.add(line.toString());
                }
                yield render.answer(c, lines.toString());
            }
        };
    }

    static String statusName(int status) {
        return switch (status) {
            case -1 -> "Ожидает отправки";
            case 0 -> "Передано оператору";
            case 1 -> "Доставлено";
            case 3 -> "Просрочено";
            case 20 -> "Невозможно доставить";
            case 22 -> "Неверный номер";
            default -> "Статус " + status;
        };
    }

}
