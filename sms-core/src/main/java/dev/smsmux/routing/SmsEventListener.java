package dev.smsmux.routing;

/** Follows the router's events; registered once on the client builder. */
@FunctionalInterface
public interface SmsEventListener {
    void onEvent(SmsEvent event);
}
