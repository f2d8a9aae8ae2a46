package dev.smsmux.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request rate such as {@code 9/s}, {@code 600/m} or {@code 5/10s}.
 *
 * @param permits requests allowed per period (at least 1)
 * @param period  the period (positive)
 */
public record Rate(int permits, Duration period) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d*)\\s*(ms|s|m|h|sec|min)");

    public Rate {
        Objects.requireNonNull(period, "period");
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1 but was " + permits);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be > 0 but was " + period);
        }
    }

    /** Parses {@code N/unit} or {@code N/<count><unit>}; null when the text is not a rate. */
    static Rate parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        int permits = Integer.parseInt(m.group(1));
        long count = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        if (permits < 1 || count < 1) {
            return null;
        }
        Duration unit = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(1);
            case "s", "sec" -> Duration.ofSeconds(1);
            case "m", "min" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        return new Rate(permits, unit.multipliedBy(count));
    }

    /**
     * The time between two permits: {@code period/permits} plus a tenth. Vendors count over a sliding window,
     * and permits spaced exactly {@code period/permits} let N+1 requests into one window as soon as sending
     * jitters (9/s spaced 111 ms puts the tenth request 1.000 s after the first). The tenth of margin absorbs
     * up to {@code period/10} of jitter (100 ms at 9/s) for 10 % less throughput than the vendor allows.
     */
    public Duration spacing() {
        // 11/10 of the period, divided once and rounded up, so that N spacings are never short of 1.1 periods.
        long numerator = period.toNanos() * 11;
        long denominator = 10L * permits;
        long nanos = Math.max(1, (numerator + denominator - 1) / denominator);
        return Duration.ofNanos(nanos);
    }

    @Override
    public String toString() {
        return permits + "/" + period;
    }
}
