package dev.wercli.report.pe;

/** The four-part version of a VS_FIXEDFILEINFO, e.g. 10.0.19041.1. */
public record FileVersion(int major, int minor, int build, int revision) {
    /** From dwFileVersionMS / dwFileVersionLS (or the product pair). */
    public static FileVersion of(int ms, int ls) {
        return new FileVersion(ms >>> 16, ms & 0xFFFF, ls >>> 16, ls & 0xFFFF);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build + "." + revision;
    }
}
