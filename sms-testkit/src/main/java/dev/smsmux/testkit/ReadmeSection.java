package dev.smsmux.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated part of a README, between {@code <!-- name:begin -->} and {@code <!-- name:end -->}. A docs test
 * renders the part from the code's own tables and compares; run with {@code -Dsmsmux.docs.write=true} to refresh.
 */
public final class ReadmeSection {
    private ReadmeSection() {
    }

    /** {@code text} with the section {@code name} replaced by {@code content}. */
    public static String replace(String text, String name, String content) {
        String begin = "<!-- " + name + ":begin -->\n";
        String end = "<!-- " + name + ":end -->";
        int a = text.indexOf(begin);
        int b = text.indexOf(end);
        if (a < 0 || b < a) {
            throw new IllegalStateException("the README has no section " + begin.strip() + " ... " + end);
        }
        return text.substring(0, a + begin.length()) + content + text.substring(b);
    }

    /**
     * The file as it should be with these sections rendered, written back when {@code smsmux.docs.write} is set.
     * Compare it with {@link Files#readString} of the same file.
     *
     * @param sections pairs of section name and content
     */
    public static String render(Path readme, String... sections) {
        try {
            String text = Files.readString(readme);
            for (int i = 0; i + 1 < sections.length; i += 2) {
                text = replace(text, sections[i], sections[i + 1]);
            }
            if (Boolean.getBoolean("smsmux.docs.write")) {
                Files.writeString(readme, text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
