package dev.wercli.cli;

import dev.wercli.config.CaptureConfig;
import dev.wercli.config.DeliveryConfig;
import dev.wercli.store.Backend;
import dev.wercli.store.Spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The delivery part of {@code wercli status}: the installed backend (without its secrets) and what the spool
 * still owes it.
 *
 * @param backend   protocol and address without keys or tokens; "none"
 * @param waiting   captures spooled and not yet accepted by the backend
 * @param heldUntil the backend asked for nothing before this time (rate limit); null when not held
 * @param problem   why the delivery settings cannot be used; null when they can
 */
record DeliveryStatus(String backend, int waiting, String heldUntil, String problem) {

    static DeliveryStatus read(Path configPath) {
        CaptureConfig config;
        try {
            config = CaptureConfig.load(configPath);
        } catch (IOException e) {
            return new DeliveryStatus("unknown", 0, null, "the settings cannot be read: " + e.getMessage());
        }
        Spool spool = new Spool(Path.of(config.dumpDir()));
        int waiting;
        try {
            waiting = spool.pending().size();
        } catch (IOException e) {
            waiting = 0;
        }
        String held = spool.heldUntil().map(Object::toString).orElse(null);
        DeliveryConfig d = config.delivery();
        if (!d.configured()) {
            return new DeliveryStatus("none", waiting, held, null);
        }
        try {
            Optional<Backend> backend = DeliveryOptions.backend(d, Usage.Problem::new);
            return new DeliveryStatus(backend.map(Backend::redacted).orElse("none"), waiting, held, null);
        } catch (Usage.Problem e) {
            return new DeliveryStatus(d.uploadProtocol() + " (unusable)", waiting, held, e.getMessage());
        }
    }

    String text() {
        return "delivery: " + backend + "; " + waiting + " capture(s) waiting in the spool"
                + (heldUntil == null ? "" : ", held by the backend until " + heldUntil)
                + (problem == null ? "" : "\n  problem: " + problem);
    }
}
