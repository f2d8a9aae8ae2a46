package dev.smsmux.routing;

import java.time.Duration;

/**
 * How the router waits between retries. The default parks the thread; tests hand in one that advances a
 * controlled clock instead, so no test sleeps.
 */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
}
