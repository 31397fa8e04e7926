package dev.wercli.cli;

import dev.wercli.capture.CaptureLog;
import dev.wercli.config.DeliveryConfig;
import dev.wercli.config.Limits;
import dev.wercli.store.CaptureStore;
import dev.wercli.store.Delivery;
import dev.wercli.store.RetentionPolicy;
import dev.wercli.store.StoreSettings;

import java.time.Duration;

/** Turns attach's store options into settings, and runs the delivery that follows a capture. */
final class StoreOptions {
    /** Delivery never takes more than this, whatever the timeout leaves. */
    static final Duration MAX_DELIVERY = Duration.ofSeconds(10);
    /** Kept free before the watchdog deadline so the network never makes wercli late. */
    static final Duration DELIVERY_MARGIN = Duration.ofSeconds(1);

    private StoreOptions() {
    }

    /** The store settings of a capture: retention, and the delivery (given on attach's line, else installed). */
    static StoreSettings settings(int keep, String maxSize, DeliveryConfig delivery, Usage usage) {
        long maxBytes;
        try { // no Usage.check lambdas: this runs on attach's crash path (see AttachCommand.call)
            Limits.keep(keep);
            maxBytes = maxSize == null ? 0 : Limits.maxSize(maxSize);
        } catch (IllegalArgumentException e) {
            throw usage.error(e.getMessage());
        }
        return new StoreSettings(new RetentionPolicy(keep, maxBytes), DeliveryOptions.backend(delivery, usage),
                delivery != null && delivery.uploadDumps());
    }

    /**
     * Sends the spool within what is left of the capture's timeout (less a margin, at most
     * {@link #MAX_DELIVERY}). Runs after the crashed process was released; a failure is logged, never fatal.
     */
    static void deliver(CaptureStore store, Duration timeLeft, CaptureLog log) {
        Duration budget = timeLeft.minus(DELIVERY_MARGIN);
        if (budget.compareTo(MAX_DELIVERY) > 0) {
            budget = MAX_DELIVERY;
        }
        try {
            if (budget.toMillis() < 100) {
                log.info("delivery: no time left within --timeout; reports stay in the spool");
                return;
            }
            Delivery.Result r = store.deliver(budget);
            if (r.sent() > 0 || r.left() > 0 || r.dumpsSent() > 0 || r.dumpsLeft() > 0) {
                log.info("delivery: " + r.sent() + " sent, " + r.left() + " waiting in the spool"
                        + (r.dumpsSent() > 0 || r.dumpsLeft() > 0
                        ? "; dumps: " + r.dumpsSent() + " sent, " + r.dumpsLeft() + " waiting" : "")
                        + (r.busy() ? " (another wercli is sending them)" : ""));
            }
        } catch (Exception | LinkageError e) {
            log.info("delivery: " + e);
        }
    }
}
