package dev.wercli.analysis.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A WER-style crash bucket (the P1..P8 of an APPCRASH event) and a stable id for it.
 *
 * <p>The id is the first 16 hex digits of SHA-256 over {@link #canonical()}, which holds only values that
 * stay the same when the same build crashes at the same place: names (lower-cased), versions, link
 * timestamps, a module-relative offset and the exception code. Absolute addresses move with ASLR and are
 * never part of it.
 *
 * @param moduleSource where the faulting module came from: "exception_address" (the usual case),
 *                     "caller_frame" (the exception address is in no module, e.g. a call through a bad
 *                     pointer: the first stack frame inside a module stands in), "raiser_frame" (an
 *                     application-defined code raised through RaiseException: the first frame outside
 *                     the system and runtime modules that raise it stands in) or "none"
 */
public record CrashSignature(String appName, String appVersion, String appTimestamp, String moduleName,
                            String moduleVersion, String moduleTimestamp, String offset, String exceptionCode,
                            String moduleSource) {
    /** Raised when the canonical form changes; part of the hashed text so old and new ids never collide. */
    public static final String CANONICAL_VERSION = "wercli-bucket-v1";

    public String canonical() {
        return String.join("|", CANONICAL_VERSION, appName.toLowerCase(Locale.ROOT), appVersion, appTimestamp,
                moduleName.toLowerCase(Locale.ROOT), moduleVersion, moduleTimestamp, offset, exceptionCode);
    }

    public String bucketId() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
