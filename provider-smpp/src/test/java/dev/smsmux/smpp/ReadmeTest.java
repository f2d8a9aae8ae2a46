package dev.smsmux.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smsmux.smpp.internal.SmppDocs;
import dev.smsmux.spi.ConfigKey;
import dev.smsmux.testkit.ReadmeSection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's tables are the code's tables; refresh with {@code -Dsmsmux.docs.write=true}. */
class ReadmeTest {
    private static final Path README = Path.of("README.md");

    @Test
    void theTablesAreRenderedFromTheCode() throws Exception {
        String expected = ReadmeSection.render(README,
                "keys", ConfigKey.markdownTable("", new SmppProvider().configKeys()),
                "command-status", SmppDocs.commandStatusTable(),
                "states", SmppDocs.stateTable());
        assertThat(Files.readString(README)).as("run with -Dsmsmux.docs.write=true to refresh README.md").isEqualTo(expected);
    }
}
