package dev.wercli.cli;

import dev.wercli.capture.CaptureLog;
import dev.wercli.config.Limits;
import dev.wercli.store.CaptureStore;
import dev.wercli.store.Delivery;
import dev.wercli.store.RetentionPolicy;
import dev.wercli.store.StoreSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/** Turns attach's store options into settings, and runs the delivery that follows a capture. */
final class StoreOptions {
    /** Delivery never takes more than this, whatever the timeout leaves. */
    static final Duration MAX_DELIVERY = Duration.ofSeconds(10);
    /** Kept free before the watchdog deadline so the network never makes wercli late. */
    static final Duration DELIVERY_MARGIN = Duration.ofSeconds(1);

    private StoreOptions() {
    }

    static StoreSettings settings(int keep, String maxSize, String uploadUrl, boolean uploadDumps, Usage usage) {
        long maxBytes;
        try { // no Usage.check lambdas: this runs on attach's crash path (see AttachCommand.call)
            Limits.keep(keep);
            maxBytes = maxSize == null ? 0 : Limits.maxSize(maxSize);
        } catch (IllegalArgumentException e) {
            throw usage.error(e.getMessage());
        }
        Optional<URI> uri = uploadUri(uploadUrl, usage);
        return new StoreSettings(new RetentionPolicy(keep, maxBytes), uri, checkUploadDumps(uploadDumps, uri, usage));
    }

    /** {@code --upload-dumps} only means something with somewhere to send them. */
    static boolean checkUploadDumps(boolean uploadDumps, Optional<URI> uri, Usage usage) {
        if (uploadDumps && uri.isEmpty()) {
            throw usage.error("--upload-dumps needs --upload-url");
        }
        return uploadDumps;
    }

    static Optional<URI> uploadUri(String url, Usage usage) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(url, "expected http://HOST[:PORT]/PATH or https://...");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw usage.error("--upload-url: not a usable URL: " + e.getMessage());
        }
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
