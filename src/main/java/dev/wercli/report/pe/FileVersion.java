package dev.wercli.report.pe;

/** The four-part version of a VS_FIXEDFILEINFO, e.g. 10.0.19041.1. */
public record FileVersion(int major, int minor, int build, int revision) {
    /** From dwFileVersionMS / dwFileVersionLS (or the product pair). */
    public static FileVersion of(int ms, int ls) {
        return new FileVersion(ms >>> 16, ms & 0xFFFF, ls >>> 16, ls & 0xFFFF);
    }

    /** Parses "a.b.c.d" (each part 0..65535); empty for anything else. */
    public static java.util.Optional<FileVersion> parse(String text) {
        String[] p = text.trim().split("\\.");
        if (p.length != 4) {
            return java.util.Optional.empty();
        }
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Integer.parseInt(p[i]);
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
            if (v[i] < 0 || v[i] > 0xFFFF) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(new FileVersion(v[0], v[1], v[2], v[3]));
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build + "." + revision;
    }
}
