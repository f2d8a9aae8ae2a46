package dev.smsmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code sms --version} names the version and the commit, each checked against its own source: the pom and git. */
class SmsVersionTest {
    private static final Pattern LINE = Pattern.compile("smsmux (\\S+) \\(commit ([0-9a-f]{7,40}|unknown)(, with local changes)?\\)");

    @Test
    void versionPrintsThePomsVersionAndTheCommitItWasBuiltFrom() throws Exception {
        SmsCliTest.Run r = SmsCliTest.sms("--version");
        assertThat(r.code()).isZero();
        Matcher m = LINE.matcher(r.out().lines().findFirst().orElse(""));
        assertThat(m.matches()).as(r.out()).isTrue();
        assertThat(m.group(1)).isEqualTo(pomVersion());
        String head = gitHead();
        if (head != null) { // built from a clone: the commit is the one checked out (a source tarball says unknown)
            assertThat(head).startsWith(m.group(2));
        }
    }

    @Test
    void aBuildWithoutGitSaysUnknownRatherThanAPlaceholder() {
        Properties p = new Properties();
        p.setProperty("version", "1.2.3");
        p.setProperty("commit", "${git.commit.id.abbrev}");
        p.setProperty("dirty", "${git.dirty}");
        assertThat(SmsVersion.commit(p)).isEqualTo("unknown");
        p.setProperty("commit", "abc1234");
        p.setProperty("dirty", "true");
        assertThat(SmsVersion.commit(p)).isEqualTo("abc1234, with local changes");
    }

    /** The shaded jar's THIRD-PARTY.txt (generated into the classes) names the libraries it carries, with licenses. */
    @Test
    void theThirdPartyListNamesTheShadedLibrariesAndTheirLicenses() throws IOException {
        try (InputStream in = SmsCli.class.getResourceAsStream("/THIRD-PARTY.txt")) {
            assertThat(in).as("THIRD-PARTY.txt on the classpath").isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("jsmpp", "picocli", "jackson-databind", "db-scheduler", "Apache");
            assertThat(text).doesNotContain("dev.smsmux");
        }
    }

    private static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String gitHead() throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException noGit) {
            return null;
        }
    }
}
