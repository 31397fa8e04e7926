package dev.wercli.store;

import dev.wercli.store.breakpad.BreakpadSender;
import dev.wercli.store.sentry.SentryDsn;
import dev.wercli.store.sentry.SentrySender;

import java.time.Duration;

/** The sender that speaks a backend's protocol. */
public final class Senders {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private Senders() {
    }

    /**
     * The sender for {@code backend}, with this machine's client id (made on first use) and wercli's version.
     * A client id that cannot be read or saved (a read-only folder) gives a random one for this run: the
     * crash still goes out, only the backend's count of machines is off.
     */
    public static ReportSender forBackend(Backend backend) {
        String version = Senders.class.getPackage().getImplementationVersion();
        // Only Breakpad sends a client id: the others never make one.
        return forBackend(backend, backend.protocol() == UploadProtocol.BREAKPAD ? clientId() : null,
                version == null ? "dev" : version);
    }

    private static String clientId() {
        try {
            return dev.wercli.config.ClientId.ofThisMachine();
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.UUID.randomUUID().toString().replace("-", "");
        }
    }

    /**
     * @param clientId      this machine's id for Breakpad's {@code guid} (see config.ClientId)
     * @param wercliVersion for Sentry's sdk and auth header
     */
    public static ReportSender forBackend(Backend backend, String clientId, String wercliVersion) {
        return switch (backend.protocol()) {
            case WERCLI -> new HttpReportSender(backend.url(), CONNECT_TIMEOUT);
            case BREAKPAD -> new BreakpadSender(backend.url(), backend.products(), clientId, backend.gzip(),
                    CONNECT_TIMEOUT);
            case SENTRY -> new SentrySender(SentryDsn.parse(backend.url().toString()), backend.products(),
                    wercliVersion, CONNECT_TIMEOUT);
        };
    }
}
