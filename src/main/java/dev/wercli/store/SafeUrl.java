package dev.wercli.store;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An upload URL as it may be printed: collectors take their secret in the URL itself, so the URL as
 * configured must never reach a log or a {@code detail}. BugSplat and Backtrace tokens and Sentry's
 * {@code sentry_key} travel in the query ({@code ?token=...}), user:password in the user-info, and Backtrace's
 * submission token as a path segment ({@code /<universe>/<token>/minidump}). So: user-info is dropped, every
 * query value becomes {@value #MASK} (the names stay: they say what was configured), the fragment is dropped,
 * and a path segment that looks like a key (16 or more hex digits, or 32 or more token characters) is masked.
 */
public final class SafeUrl {
    public static final String MASK = "***";
    private static final Pattern KEY_LIKE = Pattern.compile("[0-9A-Fa-f]{16,}|[A-Za-z0-9_\\-]{32,}");

    private SafeUrl() {
    }

    /**
     * Refuses a URL a sender cannot POST to (only http:// and https://), naming it without its secrets.
     * Returns {@code url}.
     */
    public static URI requireHttp(URI url) {
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("upload URL must be http:// or https://, got " + of(url));
        }
        return url;
    }

    /** {@code url} without secrets, e.g. {@code https://db.bugsplat.com/post/bp/crash/crashpad.php?token=***}. */
    public static String of(URI url) {
        if (url == null) {
            return "null";
        }
        if (url.isOpaque() || url.getRawAuthority() == null) {
            return (url.getScheme() == null ? "" : url.getScheme() + ":") + MASK;
        }
        StringBuilder b = new StringBuilder();
        b.append(url.getScheme()).append("://");
        if (url.getHost() != null) {
            b.append(url.getHost());
            if (url.getPort() >= 0) {
                b.append(':').append(url.getPort());
            }
        } else {
            // A registry-based authority the URI parser could not split: drop everything up to the last '@'.
            String authority = url.getRawAuthority();
            b.append(authority.substring(authority.lastIndexOf('@') + 1));
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty()) {
            List<String> segments = new ArrayList<>();
            for (String s : path.split("/", -1)) {
                segments.add(KEY_LIKE.matcher(s).matches() ? MASK : s);
            }
            b.append(String.join("/", segments));
        }
        String query = url.getRawQuery();
        if (query != null) {
            b.append('?');
            String[] pairs = query.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                if (i > 0) {
                    b.append('&');
                }
                int eq = pairs[i].indexOf('=');
                // A bare "?abc" may itself be the key: mask it whole.
                b.append(eq < 0 ? MASK : pairs[i].substring(0, eq) + "=" + MASK);
            }
        }
        return b.toString();
    }

    /**
     * {@code text} (an exception message) with {@code url} and each of its secret parts replaced, for
     * messages that quote the URL they failed on.
     */
    public static String scrub(String text, URI url) {
        if (text == null || url == null) {
            return text;
        }
        String out = text.replace(url.toString(), of(url));
        List<String> secrets = new ArrayList<>();
        addIfLong(secrets, url.getRawUserInfo());
        addIfLong(secrets, url.getUserInfo());
        if (url.getRawQuery() != null) {
            for (String pair : url.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                addIfLong(secrets, eq < 0 ? pair : pair.substring(eq + 1));
            }
        }
        if (url.getRawPath() != null) {
            for (String s : url.getRawPath().split("/")) {
                if (KEY_LIKE.matcher(s).matches()) {
                    secrets.add(s);
                }
            }
        }
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /** Values of one or two characters are not worth scrubbing and would mangle the message. */
    private static void addIfLong(List<String> secrets, String value) {
        if (value != null && value.length() >= 3) {
            secrets.add(value);
        }
    }
}
