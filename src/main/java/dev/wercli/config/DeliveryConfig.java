package dev.wercli.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where captures are delivered, as {@code wercli install} saves it (the "delivery" object of config.json)
 * and attach and flush read it. At most one backend: an upload URL with its protocol, or a Sentry DSN.
 *
 * <p>The URL or DSN may hold a key or token (a DSN's public key, a BugSplat or Backtrace token in the query):
 * the settings file is in wercli's folder with its restrictive ACL, and nothing else prints them unmasked.
 *
 * @param uploadProtocol "wercli", "breakpad" or "sentry"; null with no upload URL
 * @param uploadUrl      http(s) URL (wercli, breakpad) or the DSN (sentry)
 * @param uploadDumps    wercli's protocol only: also PUT each dump after its report
 * @param gzip           breakpad only: send the body gzip-compressed ({@code Content-Encoding: gzip})
 * @param products       per crashed image name (e.g. "app.exe"), the product and version to file it under
 */
public record DeliveryConfig(String uploadProtocol, String uploadUrl, boolean uploadDumps, boolean gzip,
                             Map<String, ProductName> products) {
    public static final DeliveryConfig NONE = new DeliveryConfig(null, null, false, false, Map.of());

    /** @param version null: the image's own version resource */
    public record ProductName(String name, String version) {
    }

    public DeliveryConfig {
        products = products == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(products));
        if (uploadUrl != null && uploadUrl.isBlank()) {
            uploadUrl = null;
        }
    }

    public boolean configured() {
        return uploadUrl != null;
    }
}
