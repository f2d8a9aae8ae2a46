package dev.smsmux.testkit.smsc;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The parameters SMSC's documents name, per endpoint (PROTOCOLS.md sections 1.2 to 1.7, from smscentre.com's
 * pages, and the seeds). The fake records any other one a request carries, so that a provider test can hold the
 * provider to what the vendor documents, or to a list of exceptions it declares with their sources.
 */
final class SmscDocumented {
    private SmscDocumented() {
    }

    /** Every endpoint: credentials, answer format and charset (section 1.1). */
    private static final Set<String> COMMON = Set.of("login", "psw", "apikey", "fmt", "charset");

    static final Map<String, Set<String>> BY_ENDPOINT = Map.of(
            "send.php", with("phones", "mes", "id", "sender", "translit", "tinyurl", "time", "tz", "period", "freq",
                    "flash", "push", "hlr", "ping", "mms", "mail", "call", "viber", "soc", "bin", "fileurl", "voice",
                    "param", "subj", "cost", "list", "valid", "maxsms", "imgcode", "userip", "err", "op", "pp", "nl"),
            "status.php", with("phone", "id", "all", "del", "bot"),
            "balance.php", with("cur"),
            "senders.php", with("get", "all", "operators", "add", "chg", "send_code", "check_code", "del", "sender", "id",
                    "code", "cmt", "fio", "inn", "site", "email", "address", "desc", "subj", "user", "from_date", "prev_id", "cnt"),
            "get.php", with("get_messages", "get_answers"),
            "info.php", with("get_operator", "phone"));

    private static Set<String> with(String... names) {
        return Stream.concat(COMMON.stream(), Stream.of(names)).collect(Collectors.toUnmodifiableSet());
    }
}
