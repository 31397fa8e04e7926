package dev.wercli.snapshot;

/**
 * The four-part version of a VS_FIXEDFILEINFO, e.g. 10.0.19041.1, kept as numbers from whichever source read
 * it (a minidump's module record or the version resource of the image) and printed only in the report.
 */
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
