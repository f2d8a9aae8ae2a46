package dev.smsmux.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keeps RELIABILITY.md's generated sections equal to what the tests observed. */
final class Docs {
    static final Path FILE = Path.of("..", "RELIABILITY.md");

    private Docs() {
    }

    /** Checks (or, with -Dsmsmux.docs.write=true, rewrites) the section between the markers. */
    static void section(String marker, String content) throws IOException {
        String text = Files.readString(FILE);
        String begin = "<!-- " + marker + ":begin -->\n";
        int a = text.indexOf(begin);
        int b = text.indexOf("<!-- " + marker + ":end -->");
        assertThat(a).as(FILE + " has " + begin.strip()).isNotNegative();
        String updated = text.substring(0, a + begin.length()) + content + text.substring(b);
        if (Boolean.getBoolean("smsmux.docs.write")) {
            Files.writeString(FILE, updated);
        }
        assertThat(text).as("RELIABILITY.md is stale: run with -Dsmsmux.docs.write=true").isEqualTo(updated);
    }
}
