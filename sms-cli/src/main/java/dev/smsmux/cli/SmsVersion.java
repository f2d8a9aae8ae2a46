package dev.smsmux.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code sms --version} prints: the version and the commit it was built from, so that a report of a problem
 * names the exact code. A build from a source tarball, without git, says so instead of inventing a commit.
 */
final class SmsVersion implements CommandLine.IVersionProvider {
    static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        Properties p = read();
        return new String[] {"smsmux " + value(p, "version") + " (commit " + commit(p) + ")",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }

    static String commit(Properties p) {
        String commit = value(p, "commit");
        return "true".equals(p.getProperty("dirty")) && !commit.equals("unknown") ? commit + ", with local changes" : commit;
    }

    /** A property the build did not fill in (no git, say) is still its {@code ${...}} placeholder: unknown. */
    static String value(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    private static Properties read() {
        Properties p = new Properties();
        try (InputStream in = SmsVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unreadable: every field prints as unknown
        }
        return p;
    }
}
