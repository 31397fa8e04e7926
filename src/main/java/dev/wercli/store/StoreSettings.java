package dev.wercli.store;

import java.net.URI;
import java.util.Optional;

/**
 * The store's settings, from attach options (and the install config).
 *
 * @param retention    limits applied after each capture
 * @param uploadUrl    where reports are POSTed; empty = no delivery, no spool
 * @param uploadDumps  also PUT each capture's dump after its report (only with an upload URL); default off:
 *                     dumps are large and may hold user data, so sending them is an explicit choice
 */
public record StoreSettings(RetentionPolicy retention, Optional<URI> uploadUrl, boolean uploadDumps) {
    public static final StoreSettings DEFAULT = new StoreSettings(RetentionPolicy.UNLIMITED, Optional.empty(), false);

    /** Reports only, no dumps. */
    public StoreSettings(RetentionPolicy retention, Optional<URI> uploadUrl) {
        this(retention, uploadUrl, false);
    }
}
