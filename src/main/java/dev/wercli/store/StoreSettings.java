package dev.wercli.store;

import java.net.URI;
import java.util.Optional;

/**
 * The store's settings, from attach options (and the install config).
 *
 * @param retention  limits applied after each capture
 * @param uploadUrl  where reports are POSTed; empty = no delivery, no spool
 */
public record StoreSettings(RetentionPolicy retention, Optional<URI> uploadUrl) {
    public static final StoreSettings DEFAULT = new StoreSettings(RetentionPolicy.UNLIMITED, Optional.empty());
}
