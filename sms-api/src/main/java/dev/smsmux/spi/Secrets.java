package dev.smsmux.spi;

import java.util.regex.Pattern;

/** Masking of credentials in text meant for people: logs, messages, toString. */
public final class Secrets {
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private Secrets() {
    }

    /** Replaces the user-info of any URI in the text with {@code ****@}. */
    public static String maskUri(String text) {
        return USER_INFO.matcher(text).replaceAll("****@");
    }
}
