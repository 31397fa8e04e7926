package dev.wercli.store;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The store's settings, from attach options (and the install config).
 *
 * @param retention    limits applied after each capture
 * @param backend      where captures are delivered; empty = no delivery, no spool
 * @param uploadDumps  wercli's protocol only: also PUT each capture's dump after its report; default off:
 *                     dumps are large and may hold user data, so sending them is an explicit choice (the
 *                     Breakpad and Sentry protocols always carry the dump: choosing them is that choice)
 */
public record StoreSettings(RetentionPolicy retention, Optional<Backend> backend, boolean uploadDumps) {
    public static final StoreSettings DEFAULT = new StoreSettings(RetentionPolicy.UNLIMITED, Optional.empty(), false);

    /** wercli's own protocol to {@code uploadUrl} (when given). */
    public static StoreSettings wercli(RetentionPolicy retention, Optional<URI> uploadUrl, boolean uploadDumps) {
        Optional<Backend> backend = uploadUrl.map(u -> new Backend(UploadProtocol.WERCLI, u, false, Map.of()));
        return new StoreSettings(retention, backend, uploadDumps);
    }

    /** wercli's own protocol, reports only. */
    public static StoreSettings wercli(RetentionPolicy retention, Optional<URI> uploadUrl) {
        return wercli(retention, uploadUrl, false);
    }
}
