package dev.wercli.store.sentry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A Sentry DSN, {@code {scheme}://{public_key}[:{secret}]@{host}[:{port}]/{path/}{project_id}}: where a
 * project's envelopes go and the key that files them there.
 *
 * <p>The key lets anyone file events into the project, so it stays out of everything a user or a log may
 * show: {@link #toString()} is {@link #redacted()}, and a DSN that does not parse is refused with a message
 * that names what is wrong, never the text given. The secret part is obsolete in Sentry (modern servers
 * ignore it); it is accepted so that an old DSN still parses, and never sent.
 */
public final class SentryDsn {
    private final String scheme;
    private final String publicKey;
    /** "host" or "host:port", as written (an IPv6 host keeps its brackets). */
    private final String authority;
    /** "/" or "/some/path/": what comes before the project id. */
    private final String pathPrefix;
    private final String projectId;

    private SentryDsn(String scheme, String publicKey, String authority, String pathPrefix, String projectId) {
        this.scheme = scheme;
        this.publicKey = publicKey;
        this.authority = authority;
        this.pathPrefix = pathPrefix;
        this.projectId = projectId;
    }

    /** IllegalArgumentException (one line, without the key) when {@code dsn} is not a usable DSN. */
    public static SentryDsn parse(String dsn) {
        if (dsn == null || dsn.isBlank()) {
            throw bad("it is empty");
        }
        URI uri;
        try {
            uri = new URI(dsn.trim());
        } catch (URISyntaxException e) {
            // The exception's message quotes the input, key and all: say only that it is not a URI.
            throw bad("it is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad("the scheme must be http or https");
        }
        if (uri.getRawUserInfo() == null || uri.getRawUserInfo().isEmpty() || uri.getRawUserInfo().startsWith(":")) {
            throw bad("it has no public key before '@'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw bad("it has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw bad("it must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int slash = path.lastIndexOf('/');
        String projectId = slash < 0 ? "" : path.substring(slash + 1);
        if (projectId.isEmpty()) {
            throw bad("it has no project id at the end of its path");
        }
        String userInfo = uri.getRawUserInfo();
        int colon = userInfo.indexOf(':');
        String key = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String authority = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return new SentryDsn(scheme, key, authority, path.substring(0, slash + 1), projectId);
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("not a Sentry DSN (https://<key>@<host>/<project id>): " + why);
    }

    /** Where envelopes are POSTed: {@code {scheme}://{host}[:port]/{path/}api/{project_id}/envelope/}. */
    public URI envelopeEndpoint() {
        return URI.create(scheme + "://" + authority + pathPrefix + "api/" + projectId + "/envelope/");
    }

    /**
     * The {@code X-Sentry-Auth} header value. The key goes in a header rather than the URL's query, so that
     * it stays out of proxies' and servers' access logs.
     */
    public String authHeader(String wercliVersion) {
        return "Sentry sentry_version=7, sentry_key=" + publicKey + ", sentry_client=wercli/" + wercliVersion;
    }

    /** The DSN without its secret part: what an envelope's header names (Sentry reads the project from it). */
    public String publicDsn() {
        return scheme + "://" + publicKey + "@" + authority + pathPrefix + projectId;
    }

    /** The DSN with the key replaced by {@code ***}: for logs and status. */
    public String redacted() {
        return scheme + "://***@" + authority + pathPrefix + projectId;
    }

    /** For scrubbing: text that reaches a log must not hold it. */
    String publicKey() {
        return publicKey;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
