package dev.wercli.store;

import java.net.URI;

/**
 * A URL as it may be shown (logs, status, acknowledgements): no user-info (a DSN's key, user:password) and
 * every query value masked (BugSplat, Backtrace and Sentry's minidump endpoint take tokens in the query).
 */
public final class SafeUrl {
    private SafeUrl() {
    }

    public static String of(URI url) {
        if (url == null) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        if (url.getScheme() != null) {
            s.append(url.getScheme()).append("://");
        }
        if (url.getRawUserInfo() != null) {
            s.append("***@");
        }
        if (url.getHost() != null) {
            s.append(url.getHost());
        }
        if (url.getPort() >= 0) {
            s.append(':').append(url.getPort());
        }
        if (url.getRawPath() != null) {
            s.append(url.getRawPath());
        }
        if (url.getRawQuery() != null) {
            s.append('?');
            String[] pairs = url.getRawQuery().split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                s.append(i == 0 ? "" : "&").append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq + 1) + "***");
            }
        }
        return s.toString();
    }
}
