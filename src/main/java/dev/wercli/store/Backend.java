package dev.wercli.store;

import java.net.URI;
import java.util.Map;

/**
 * The crash backend captures go to: how (the protocol) and where. For Sentry, {@code url} is the DSN.
 *
 * <p>The URL may hold secrets (a DSN's key, a token in the query, user:password): {@link #toString()} and
 * {@link #redacted()} never show them, and only the senders read {@code url} itself.
 *
 * @param gzip     Breakpad only: gzip the request body (Content-Encoding: gzip)
 * @param products per crashed image name, the product and version to file crashes under (see {@link Product})
 */
public record Backend(UploadProtocol protocol, URI url, boolean gzip, Map<String, Product> products) {
    public Backend {
        products = products == null ? Map.of() : Map.copyOf(products);
    }

    /** "breakpad http://host:port/path?token=***": the protocol and the address without secrets. */
    public String redacted() {
        return protocol.optionName() + " " + SafeUrl.of(url);
    }

    @Override
    public String toString() {
        return redacted();
    }
}
