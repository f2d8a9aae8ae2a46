package dev.smsmux.smsclub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.smsclub.internal.SmsClubTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's tables are the code's tables; refresh them with {@code -Dsmsmux.docs.write=true}. */
class ReadmeTest {
    private static final Path README = Path.of("README.md");
    @Test
    void theReadmeTablesAreRenderedFromTheCode() throws IOException {
        Path readme = Path.of("README.md");
        String text = Files.readString(readme);
        String begin = "<!-- tables:begin -->\n";
        int a = text.indexOf(begin);
        int b = text.indexOf("<!-- tables:end -->");
        assertThat(a).isNotNegative();
        String updated = text.substring(0, a + begin.length()) + SmsClubTables.docs() + text.substring(b);
        if (Boolean.getBoolean("smsmux.docs.write")) {
            Files.writeString(readme, updated);
        }
        assertThat(text).as("run with -Dsmsmux.docs.write=true to refresh README.md").isEqualTo(updated);
    }

    @Test
    void theKeyTableIsRenderedFromConfigKeys() throws IOException {
        String expected = dev.smsmux.testkit.ReadmeSection.render(README, "keys",
                dev.smsmux.spi.ConfigKey.markdownTable("", new SmsClubProvider().configKeys()));
        assertThat(Files.readString(README)).as("run with -Dsmsmux.docs.write=true to refresh README.md").isEqualTo(expected);
    }
}
