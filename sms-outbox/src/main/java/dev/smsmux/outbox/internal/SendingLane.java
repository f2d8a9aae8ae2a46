package dev.smsmux.outbox.internal;

import dev.smsmux.model.SmsMessage;
import dev.smsmux.outbox.OutboxState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due messages in batches, as a pipeline: one transaction claims as many due rows as there are free send
 * slots (committed SENDING before any call), the calls run on the dispatcher's threads, and the results that came
 * back meanwhile are recorded together in one transaction (every recipient taken; surely not taken, to be tried
 * again). Any other result is recorded by {@link Dispatch}, row by row, under the same rules. A message then costs a
 * share of two commits instead of four, which is what lets the outbox keep up with {@code sendAll} (issue 29).
 *
 * <p>db-scheduler stays for what it does well: timers (a retry's due time, status checks, lookups of uncertain
 * messages), and reviving what a dead dispatcher held. A new row's execution is due {@link #EXECUTION_GRACE} after
 * the row, so a running lane sends it first; where none does, db-scheduler sends it row by row.
 */
final class SendingLane {
    private static final Logger LOG = LoggerFactory.getLogger(SendingLane.class);
    /** How long after a row is due its db-scheduler execution is: the lane's head start. */
    static final Duration EXECUTION_GRACE = Duration.ofSeconds(5);
    /** How often a group's results are written before the lane leaves them to a lookup. */
    private static final int RECORD_ATTEMPTS = 3;
    /** Rows reserved per send thread: enough that a thread finds its next call waiting while results are recorded. */
    private static final int RESERVED_PER_THREAD = 8;

    private final LaneTable lane;
    private final Dispatch dispatch;
    private final Transitions events;
    private final Clock clock;
    private final String picker;
    private final int threads;
    private final Duration pollInterval;
    private final Duration heartbeat;
    private final Runnable afterRecord;
    /** Released when something may be due, a call came back, or the lane stops. */
    private final Semaphore wake = new Semaphore(0);
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    /** The tickets whose executions the lane holds, for the heartbeat. */
    private final java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Rows whose results could not be written: their executions are handed back to db-scheduler (lane thread only). */
    private final List<String> toHandBack = new ArrayList<>();
    private final ExecutorService calls;
    private final ScheduledExecutorService heartbeats;
    private final Thread thread;
    /** Rows claimed whose results are not yet recorded (only the lane's thread changes it). */
    private volatile int inFlight;
    private volatile boolean running = true;

    /**
     * A reserved row done with: the row as read before its claim, the claim's owner token, and the message and what
     * its call came to; or, with no call, when db-scheduler should look at the row again (null: never).
     */
    private record Done(Row row, String owner, @Nullable SmsMessage message, Dispatch.@Nullable Attempt attempt,
                        @Nullable Instant lookAgainAt) {
    }

    /**
     * @param name        the dispatcher's scheduler name; the lane's picker name is built from it
     * @param afterRecord told when results were recorded (wakes a waiter for an empty outbox)
     */
    SendingLane(LaneTable lane, Dispatch dispatch, Transitions events, Clock clock, String name, int threads,
                Duration pollInterval, Duration heartbeat, Runnable afterRecord) {
        this.lane = lane;
        this.dispatch = dispatch;
        this.events = events;
        this.clock = clock;
        String n = name + "-lane";
        this.picker = n.length() > 50 ? n.substring(n.length() - 50) : n; // picked_by is varchar(50)
        this.threads = threads;
        this.pollInterval = pollInterval;
        this.heartbeat = heartbeat;
        this.afterRecord = afterRecord;
        this.calls = Executors.newFixedThreadPool(threads, daemon("smsmux-outbox-send"));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("smsmux-outbox-lane-heartbeat"));
        this.thread = daemon("smsmux-outbox-lane").newThread(this::loop);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    void start() {
        thread.start();
        heartbeats.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Something may be due: look now rather than at the next poll. */
    void wake() {
        wake.release();
    }

    /** Claims nothing more; the calls under way come back and are recorded first (up to {@code wait}). */
    void stop(Duration wait) {
        running = false;
        wake.release();
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Calls under way are never interrupted: their answers are recorded by the lane's thread, which ends once
        // the last one came back (each call is bounded by its gateway's timeouts).
        calls.shutdown();
        if (!thread.isAlive()) {
            heartbeats.shutdownNow();
        }
    }

    private void loop() {
        // Rows reserved ahead of the threads, so that a thread finds its next call waiting while results are
        // recorded; each is marked SENDING only by the thread that calls for it, so a crash leaves no more UNCERTAIN
        // rows than calls it interrupted.
        int slots = threads * RESERVED_PER_THREAD;
        while (running || inFlight > 0) {
            boolean busy = false;
            try {
                // Reserve when a thread's worth of slots is free (or none is in flight): fewer, fuller batches.
                int free = slots - inFlight;
                if (running && (free >= threads || inFlight == 0)) {
                    busy = reserveAndCall(free) > 0;
                }
                busy |= recordWhatCameBack();
                handBack();
            } catch (RuntimeException | Error e) {
                LOG.warn("outbox: the sending lane failed ({}); what it held is looked at again when its executions revive",
                        e.toString());
            }
            if (!busy) {
                try {
                    wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            wake.drainPermits();
        }
        heartbeats.shutdownNow();
    }

    private int reserveAndCall(int free) {
        List<Row> rows = lane.reserve(picker, clock.instant(), free);
        for (Row row : rows) {
            inFlight++;
            held.add(row.ticket());
            calls.execute(() -> done.add(call(row)));
        }
        return rows.size();
    }

    /**
     * On a send thread: the claim (QUEUED to SENDING under an owner token of its own, committed), then the call. A
     * row that moved since it was reserved (a cancel) is not claimed, and its execution goes back to db-scheduler.
     */
    private Done call(Row row) {
        String owner = UUID.randomUUID().toString();
        boolean claimed = false;
        SmsMessage m = null;
        java.util.concurrent.Semaphore slots = dispatch.sendSlots();
        slots.acquireUninterruptibly(); // shared with db-scheduler's threads: at most `threads` rows SENDING
        try {
            if (!running || !(claimed = dispatch.claim(row, owner))) {
                // stopping (a reserved row not yet called is handed back untouched), or the row moved meanwhile
                return new Done(row, owner, null, null, clock.instant());
            }
            m = dispatch.readyToSend(row, owner);
            if (m == null) {
                return new Done(row, owner, null, null, null); // ended before the call (max-age, unreadable): FAILED
            }
            return new Done(row, owner, m, dispatch.attempt(row, m), null);
        } catch (RuntimeException | Error e) {
            // Not claimed (the database is away): surely not sent, db-scheduler looks again. Claimed: the row is
            // SENDING and db-scheduler, handed its execution, makes it UNCERTAIN.
            LOG.warn("outbox {}: {} ({})", row.ticket(), claimed ? "the send broke" : "not claimed", e.toString());
            return new Done(row, owner, null, null, clock.instant());
        } finally {
            slots.release();
            wake.release();
        }
    }

    /** Records every result that came back, the common ones in one transaction. Returns whether there were any. */
    private boolean recordWhatCameBack() {
        List<Done> group = new ArrayList<>();
        for (Done d; (d = done.poll()) != null; ) {
            group.add(d);
        }
        if (group.isEmpty()) {
            return false;
        }
        // One instant for the group: its due times and the time it is recorded at agree (a retry-after counts from it)
        Instant now = clock.instant();
        List<LaneTable.Sent> sent = new ArrayList<>();
        List<LaneTable.Requeued> requeued = new ArrayList<>();
        List<LaneTable.Finished> finished = new ArrayList<>();
        Map<String, Runnable> toTell = new LinkedHashMap<>();
        for (Done d : group) {
            Row row = d.row();
            Dispatch.Attempt a = d.attempt();
            if (a == null || d.message() == null) {
                finished.add(new LaneTable.Finished(row.ticket(), d.lookAgainAt()));
                continue;
            }
            Dispatch.Taken t = a.result() == null ? null : dispatch.taken(a.result(), now);
            Instant next = a.refused() == null ? null : dispatch.retryAt(row, a.refused(), now);
            if (t != null) {
                sent.add(new LaneTable.Sent(row.ticket(), d.owner(), t.ids(), t.delivery(), t.nextAt()));
                toTell.put(row.ticket(), () -> events.changed(row.ticket(), OutboxState.SENDING, "sent through " + t.provider()));
            } else if (next != null) {
                String error = String.valueOf(a.refused());
                requeued.add(new LaneTable.Requeued(row.ticket(), d.owner(), error, next));
                toTell.put(row.ticket(), () -> events.changed(row.ticket(), OutboxState.SENDING,
                        "not sent (" + error + "); again at " + next));
            } else {
                try {
                    finished.add(new LaneTable.Finished(row.ticket(), dispatch.afterSend(row, d.owner(), d.message(), a)));
                } catch (RuntimeException e) {
                    // Its execution goes back to db-scheduler, which finds the row as it is (SENDING: UNCERTAIN).
                    LOG.warn("outbox {}: its result was not recorded ({}): {}", row.ticket(), e.toString(), describe(a));
                    toHandBack.add(row.ticket());
                }
            }
        }
        try {
            List<String> lost = write(sent, requeued, finished, now);
            for (String ticket : lost) {
                toTell.remove(ticket);
                events.lost(ticket, "a result was not recorded: the row was no longer this dispatcher's");
            }
            toTell.values().forEach(Runnable::run);
        } finally {
            inFlight -= group.size();
            group.forEach(d -> held.remove(d.row().ticket()));
            afterRecord.run();
        }
        return true;
    }

    private List<String> write(List<LaneTable.Sent> sent, List<LaneTable.Requeued> requeued, List<LaneTable.Finished> finished,
                               Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return lane.record(picker, sent, requeued, finished, now);
            } catch (RuntimeException e) {
                if (attempt < RECORD_ATTEMPTS && running) {
                    // The answers are known and the executions still held (their heartbeat goes on): writing them
                    // again soon beats a lookup. A write that landed but whose reply was lost finds its rows moved on.
                    LOG.info("outbox: recording results failed ({}); again in {} s", e.toString(), attempt);
                    pause(Duration.ofSeconds(attempt));
                    continue;
                }
                // The database stays away (or refuses these rows): they stay SENDING, and the lane hands their
                // executions back to db-scheduler, which finds them in flight and settles them by a lookup. The ids
                // are logged for a person.
                for (LaneTable.Sent s : sent) {
                    LOG.warn("outbox {}: taken with ids {}, but not recorded ({})", s.ticket(), s.ids(), e.toString());
                }
                sent.forEach(x -> toHandBack.add(x.ticket()));
                requeued.forEach(x -> toHandBack.add(x.ticket()));
                finished.forEach(x -> toHandBack.add(x.ticket()));
                throw e;
            }
        }
    }

    /** Executions of rows whose results could not be written go back to db-scheduler, once the database lets them. */
    private void handBack() {
        if (!toHandBack.isEmpty()) {
            List<String> tickets = new ArrayList<>(toHandBack);
            lane.release(picker, tickets, clock.instant());
            toHandBack.removeAll(tickets);
        }
    }

    private static void pause(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Dispatch.Attempt a) {
        return a.result() != null ? "taken: " + a.result() : a.refused() != null ? "refused: " + a.refused()
                : "broken: " + a.broken();
    }

    /**
     * The executions of the rows the lane holds (reserved, in a call, or waiting to be recorded) keep their heartbeat,
     * as db-scheduler keeps those it runs; only those: one held by mistake (a reservation whose commit reply was lost)
     * goes without, and db-scheduler revives it.
     */
    private void beat() {
        List<String> tickets = List.copyOf(held);
        if (!tickets.isEmpty() && thread.isAlive()) {
            try {
                lane.heartbeat(picker, tickets, clock.instant());
            } catch (RuntimeException e) {
                LOG.debug("outbox: heartbeat failed: {}", e.toString());
            }
        }
    }
}
