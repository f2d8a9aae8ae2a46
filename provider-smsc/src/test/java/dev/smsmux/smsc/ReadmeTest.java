package dev.smsmux.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.smsc.internal.SmscDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's tables are the code's tables. To refresh them after changing SmscTables, run this test with
 * {@code -Dsmsmux.docs.write=true}.
 */
class ReadmeTest {
    private static final Path README = Path.of("README.md");

    @Test
    void theReadmeTablesAreRenderedFromTheCode() throws IOException {
        String readme = Files.readString(README);
        String updated = replace(replace(readme, "status-table", SmscDocs.statusTable()), "error-tables", SmscDocs.errorTables());
        if (Boolean.getBoolean("smsmux.docs.write")) {
            Files.writeString(README, updated);
        }
        assertThat(readme).as("run with -Dsmsmux.docs.write=true to refresh README.md").isEqualTo(updated);
    }

    static String replace(String text, String marker, String content) {
        String begin = "<!-- " + marker + ":begin -->\n";
        String end = "<!-- " + marker + ":end -->";
        int a = text.indexOf(begin);
        int b = text.indexOf(end);
        assertThat(a).as("README has " + begin.strip()).isNotNegative();
        return text.substring(0, a + begin.length()) + content + text.substring(b);
    }

    @Test
    void theKeyTableIsRenderedFromConfigKeys() throws IOException {
        String expected = dev.smsmux.testkit.ReadmeSection.render(README, "keys",
                dev.smsmux.spi.ConfigKey.markdownTable("", new SmscProvider().configKeys()));
        assertThat(Files.readString(README)).as("run with -Dsmsmux.docs.write=true to refresh README.md").isEqualTo(expected);
    }
}
