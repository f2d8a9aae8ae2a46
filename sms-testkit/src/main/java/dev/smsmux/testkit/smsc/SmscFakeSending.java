package dev.smsmux.testkit.smsc;

import dev.smsmux.testkit.smsc.SmscFake.Sms;
import dev.smsmux.model.Segments;
import dev.smsmux.testkit.fake.FakeResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** {@code send.php}: sending, lists of personal texts, prices asked in advance, HLR requests. */
final class SmscFakeSending {
    private final SmscFake fake;
    private final SmscRenderer render;

    SmscFakeSending(SmscFake fake, SmscRenderer render) {
        this.fake = fake;
        this.render = render;
    }
    FakeResponse send(SmscCall c) {
        if (!c.get("list").isEmpty()) {
            return sendList(c);
        }
        List<String> phones = new ArrayList<>();
        for (String p : c.get("phones").split("[,;]")) {
            if (!p.isBlank()) {
                phones.add(p.strip());
            }
        }
        String text = c.get("mes");
        if (phones.isEmpty() || text.isEmpty()) {
            return render.error(c, 1, null);
        }
        for (String p : phones) {
            if (!p.matches("\\+?\\d{7,15}")) {
                return render.error(c, 7, null);
            }
        }
        String time = c.get("time");
        if (!time.isEmpty() && !time.matches("0\\d{9,10}|\\d{10}|\\+\\d+|\\d{1,2}-\\d{1,2}")) {
            return render.error(c, 5, null);
        }
        int parts = Segments.of(text).parts();
        int maxsms = c.get("maxsms").matches("\\d+") ? Integer.parseInt(c.get("maxsms")) : Integer.MAX_VALUE;
        if (parts > maxsms) {
            return render.error(c, 1, null);
        }
        List<String> valid = phones.stream().filter(p -> !fake.refused.contains(p.replaceAll("\\D", ""))).toList();
        String id = !c.get("id").isEmpty() ? c.get("id") : String.valueOf(fake.ids.incrementAndGet());
        if (fake.account.overLimit("send " + new java.util.TreeMap<>(c.p()).toString(), c.get("cost").equals("1") ? 5 : 1)) {
            // The document: more than one identical send request (five cost requests) within a minute is error 9.
            // Identical means every parameter; an id used again after that minute, or with another text, is taken again.
            return render.error(c, 9, null);
        }
        if (valid.isEmpty()) {
            return render.error(c, 7, id);
        }
        BigDecimal cost = fake.pricePerPart.multiply(BigDecimal.valueOf((long) parts * valid.size()));
        String costMode = c.get("cost");
        if (costMode.equals("1")) {
            return costOnly(c, cost, parts * valid.size());
        }
        boolean virtual = c.get("test").equals("1");
        boolean hlr = c.get("hlr").equals("1");
        synchronized (this) {
            if (fake.balance.compareTo(cost) < 0) {
                return render.error(c, 3, id);
            }
            if (!virtual) {
                fake.balance = fake.balance.subtract(cost);
            }
        }
        Instant now = fake.clock.instant();
        // A scheduled message waits (-1) with its send date set to the time asked for.
        Instant sendAt = time.matches("0\\d{9,10}") ? Instant.ofEpochSecond(Long.parseLong(time.substring(1))) : now;
        BigDecimal each = fake.pricePerPart.multiply(BigDecimal.valueOf(parts));
        for (String p : valid) {
            // A virtual send (test mode) is kept with delivery error 200 and never reaches sent();
            // an HLR request is answered at once: the subscriber is reachable.
            Sms sms = new Sms(id, p.replaceAll("\\D", ""), text, SmscFake.blankToNull(c.get("sender")), hlr ? 1 : virtual ? -1 : -1,
                    virtual ? 200 : 0, virtual ? BigDecimal.ZERO : each, sendAt, now);
            fake.messages.put(SmscFake.key(id, p), sms);
            if (virtual) {
                fake.virtualSends.add(sms);
            } else if (hlr) {
                fake.hlrRequests.add(sms);
            } else {
                fake.sent.add(sms);
            }
        }
        for (String p : phones) {
            if (fake.refused.contains(p.replaceAll("\\D", ""))) {
                Sms bad = new Sms(id, p.replaceAll("\\D", ""), text, SmscFake.blankToNull(c.get("sender")), 22, 249, BigDecimal.ZERO, now, now);
                fake.messages.put(SmscFake.key(id, p), bad);
            }
        }
        int cnt = parts * valid.size();
        String money = cost.setScale(2, RoundingMode.HALF_UP).toPlainString();
        String bal = fake.balance.setScale(2, RoundingMode.HALF_UP).toPlainString();
        boolean withCost = costMode.equals("2") || costMode.equals("3");
        boolean withBalance = costMode.equals("3");
        return switch (c.fmt()) {
            case 1 -> render.answer(c, id + "," + cnt + (withCost ? "," + money : "") + (withBalance ? "," + bal : ""));
            case 2 -> render.answer(c, "<result>\n<id>" + id + "</id>\n<cnt>" + cnt + "</cnt>\n"
                    + (withCost ? "<cost>" + money + "</cost>\n" : "") + (withBalance ? "<balance>" + bal + "</balance>\n" : "")
                    + "</result>");
            case 3 -> {
                StringBuilder j = new StringBuilder("{\n\"id\": ").append(SmscRenderer.jsonId(id)).append(",\n\"cnt\": ").append(cnt);
                if (withCost) {
                    j.append(",\n\"cost\": \"").append(money).append('"');
                }
                if (withBalance) {
                    j.append(",\n\"balance\": \"").append(bal).append('"');
                }
                if (c.get("op").equals("1")) {
                    j.append(",\n\"phones\": [");
                    StringJoiner items = new StringJoiner(",");
                    for (String p : phones) {
                        String d = p.replaceAll("\\D", "");
                        boolean bad = fake.refused.contains(d);
                        items.add("\n{\"phone\": \"" + d + "\", \"mccmnc\": \"" + (bad ? "0" : "25501") + "\", \"cost\": \""
                                + (bad ? "0" : each.setScale(2, RoundingMode.HALF_UP).toPlainString()) + "\""
                                + (bad ? ", \"status\": \"22\", \"error\": \"249\"" : "") + "}");
                    }
                    j.append(items).append("\n]");
                }
                yield render.answer(c, j.append("\n}").toString());
            }
            default -> render.answer(c, "OK - " + cnt + " SMS, ID - " + id + (withCost ? ", COST - " + money : "")
                    + (withBalance ? ", BALANCE - " + bal : ""));
        };
    }

    /** {@code list}: one {@code phone:text} line per recipient, one id for the whole request. */
    FakeResponse sendList(SmscCall c) {
        String id = String.valueOf(fake.ids.incrementAndGet());
        boolean virtual = c.get("test").equals("1");
        Instant now = fake.clock.instant();
        int cnt = 0;
        BigDecimal cost = BigDecimal.ZERO;
        StringJoiner perPhone = new StringJoiner(","); // op=1: a record per number, as for a send to several
        for (String line : c.get("list").split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String phone = line.substring(0, colon).replaceAll("\\D", "");
            String text = line.substring(colon + 1);
            int parts = Segments.of(text).parts();
            BigDecimal each = fake.pricePerPart.multiply(BigDecimal.valueOf(parts));
            if (fake.refused.contains(phone)) {
                fake.messages.put(SmscFake.key(id, phone), new Sms(id, phone, text, SmscFake.blankToNull(c.get("sender")),
                        22, 249, BigDecimal.ZERO, now, now));
                perPhone.add("\n{\"phone\": \"" + phone + "\", \"mccmnc\": \"0\", \"cost\": \"0\", \"status\": \"22\", \"error\": \"249\"}");
                continue;
            }
            perPhone.add("\n{\"phone\": \"" + phone + "\", \"mccmnc\": \"25501\", \"cost\": \""
                    + each.setScale(2, RoundingMode.HALF_UP).toPlainString() + "\"}");
            // test=1 makes the whole list virtual, as it does a single send: kept, never fake.sent, never charged.
            Sms sms = new Sms(id, phone, text, SmscFake.blankToNull(c.get("sender")), -1, virtual ? 200 : 0,
                    virtual ? BigDecimal.ZERO : each, now, now);
            fake.messages.put(SmscFake.key(id, phone), sms);
            (virtual ? fake.virtualSends : fake.sent).add(sms);
            cnt += parts;
            cost = cost.add(each);
        }
        if (cnt == 0) {
            return render.error(c, 1, null);
        }
        synchronized (this) {
            if (!virtual) {
                fake.balance = fake.balance.subtract(cost);
            }
        }
        String money = cost.setScale(2, RoundingMode.HALF_UP).toPlainString();
        String bal = fake.balance.setScale(2, RoundingMode.HALF_UP).toPlainString();
        return switch (c.fmt()) {
            case 1 -> render.answer(c, id + "," + cnt + "," + money + "," + bal);
            case 2 -> render.answer(c, "<result>\n<id>" + id + "</id>\n<cnt>" + cnt + "</cnt>\n<cost>" + money + "</cost>\n<balance>"
                    + bal + "</balance>\n</result>");
            case 3 -> render.answer(c, "{\n\"id\": " + SmscRenderer.jsonId(id) + ",\n\"cnt\": " + cnt + ",\n\"cost\": \"" + money
                    + "\",\n\"balance\": \"" + bal + "\"" + (c.get("op").equals("1") ? ",\n\"phones\": [" + perPhone + "\n]" : "")
                    + "\n}");
            default -> render.answer(c, "OK - " + cnt + " SMS, ID - " + id + ", COST - " + money + ", BALANCE - " + bal);
        };
    }

    FakeResponse costOnly(SmscCall c, BigDecimal cost, int cnt) {
        String money = cost.setScale(2, RoundingMode.HALF_UP).toPlainString();
        return switch (c.fmt()) {
            case 1 -> render.answer(c, money + "," + cnt);
            case 2 -> render.answer(c, "<result>\n<cost>" + money + "</cost>\n<cnt>" + cnt + "</cnt>\n</result>");
            case 3 -> render.answer(c, "{\n\"cost\": \"" + money + "\",\n\"cnt\": " + cnt + "\n}");
            default -> render.answer(c, "OK - " + cnt + " SMS, COST - " + money);
        };
    }

}
