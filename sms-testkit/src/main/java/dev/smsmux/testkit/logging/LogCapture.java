package dev.smsmux.testkit.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * A logback appender that keeps every formatted event, throwable included, for the whole test JVM. Wire it
 * in {@code logback-test.xml} at DEBUG or TRACE, then assert at the end that no secret was ever written:
 * <pre>{@code <appender name="CAPTURE" class="dev.smsmux.testkit.logging.LogCapture"/>}</pre>
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {
    private static final List<String> LINES = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        synchronized (LINES) {
            LINES.add(line.toString());
        }
    }

    /** Every line captured so far in this JVM. */
    public static List<String> lines() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }

    /** The lines that contain any of {@code secrets}. */
    public static List<String> linesContaining(java.util.Collection<String> secrets) {
        return lines().stream().filter(l -> secrets.stream().anyMatch(l::contains)).toList();
    }
}
