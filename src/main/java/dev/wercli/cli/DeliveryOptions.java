package dev.wercli.cli;

import dev.wercli.config.DeliveryConfig;
import dev.wercli.store.Backend;
import dev.wercli.store.Product;
import dev.wercli.store.UploadProtocol;
import dev.wercli.store.sentry.SentryDsn;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The delivery options of install and flush (attach has the same names as fields of its own, for its fast
 * path), and the one place they are checked and turned into a {@link Backend}.
 */
final class DeliveryOptions {
    static final String UPLOAD_URL = "--upload-url";
    static final String UPLOAD_PROTOCOL = "--upload-protocol";
    static final String SENTRY_DSN = "--sentry-dsn";
    static final String UPLOAD_GZIP = "--upload-gzip";
    static final String UPLOAD_DUMPS = "--upload-dumps";

    @Option(names = UPLOAD_URL, paramLabel = "URL",
            description = "Send each capture here (http:// or https://), in the protocol of --upload-protocol.")
    String uploadUrl;

    @Option(names = UPLOAD_PROTOCOL, paramLabel = "breakpad|wercli",
            description = "breakpad: the Breakpad/Crashpad minidump upload (Socorro, BugSplat, Backtrace, Sentry's "
                    + "minidump endpoint); wercli: the report as JSON (default: wercli).")
    String uploadProtocol;

    @Option(names = SENTRY_DSN, paramLabel = "DSN",
            description = "Send each capture to this Sentry project as an envelope (event, minidump, report).")
    String sentryDsn;

    @Option(names = UPLOAD_GZIP, description = "breakpad only: gzip the upload (Content-Encoding: gzip).")
    boolean gzip;

    @Option(names = UPLOAD_DUMPS,
            description = "wercli protocol only: after each report, also PUT its dump to URL/<report id>/dump.")
    boolean uploadDumps;

    /** The delivery these options name; empty when none was given (the installed one then applies). */
    Optional<DeliveryConfig> given(Usage usage) {
        return given(uploadUrl, uploadProtocol, sentryDsn, gzip, uploadDumps, Map.of(), usage);
    }

    /**
     * Checks a delivery given on a command line: one backend, options that fit its protocol, a usable URL or
     * DSN. Empty when no delivery option was given at all.
     */
    static Optional<DeliveryConfig> given(String url, String protocol, String dsn, boolean gzip, boolean dumps,
                                          Map<String, DeliveryConfig.ProductName> products, Usage usage) {
        boolean hasUrl = url != null && !url.isBlank();
        boolean hasDsn = dsn != null && !dsn.isBlank();
        if (!hasUrl && !hasDsn) {
            if (protocol != null || gzip || dumps) {
                throw usage.error((protocol != null ? UPLOAD_PROTOCOL : gzip ? UPLOAD_GZIP : UPLOAD_DUMPS)
                        + " needs " + UPLOAD_URL);
            }
            return Optional.empty();
        }
        if (hasUrl && hasDsn) {
            throw usage.error("give " + UPLOAD_URL + " or " + SENTRY_DSN + ", not both: captures go to one backend");
        }
        UploadProtocol p;
        if (hasDsn) {
            if (protocol != null && !protocol.equalsIgnoreCase("sentry")) {
                throw usage.error(SENTRY_DSN + " sends Sentry envelopes; drop " + UPLOAD_PROTOCOL);
            }
            p = UploadProtocol.SENTRY;
        } else {
            try {
                p = protocol == null ? UploadProtocol.WERCLI : UploadProtocol.parse(protocol);
            } catch (IllegalArgumentException e) {
                throw usage.error(UPLOAD_PROTOCOL + ": " + e.getMessage());
            }
        }
        if (gzip && p != UploadProtocol.BREAKPAD) {
            throw usage.error(UPLOAD_GZIP + " is for " + UPLOAD_PROTOCOL + " breakpad");
        }
        if (dumps && p != UploadProtocol.WERCLI) {
            throw usage.error(UPLOAD_DUMPS + " is for the wercli protocol; " + p.optionName() + " always sends the dump");
        }
        DeliveryConfig config = new DeliveryConfig(p.optionName(), hasDsn ? dsn.trim() : url.trim(), dumps, gzip, products);
        backend(config, usage); // checks the URL or DSN now, not at the first crash
        return Optional.of(config);
    }

    /** The backend of a delivery setting; empty for none. A bad URL or DSN is a usage error that never shows its secrets. */
    static Optional<Backend> backend(DeliveryConfig config, Usage usage) {
        if (config == null || !config.configured()) {
            return Optional.empty();
        }
        UploadProtocol protocol;
        try {
            protocol = UploadProtocol.parse(config.uploadProtocol() == null ? "wercli" : config.uploadProtocol());
        } catch (IllegalArgumentException e) {
            throw usage.error(e.getMessage());
        }
        URI uri;
        if (protocol == UploadProtocol.SENTRY) {
            try {
                SentryDsn.parse(config.uploadUrl());
                uri = URI.create(config.uploadUrl());
            } catch (IllegalArgumentException e) {
                throw usage.error(SENTRY_DSN + ": " + e.getMessage());
            }
        } else {
            uri = httpUri(config.uploadUrl(), usage);
        }
        Map<String, Product> products = new LinkedHashMap<>();
        config.products().forEach((image, p) -> products.put(image, new Product(p.name(), p.version())));
        return Optional.of(new Backend(protocol, uri, config.gzip(), products));
    }

    static URI httpUri(String url, Usage usage) {
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(dev.wercli.store.SafeUrl.of(uri), "expected http://HOST[:PORT]/PATH or https://...");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw usage.error(UPLOAD_URL + ": not a usable URL: " + e.getReason());
        }
    }
}
