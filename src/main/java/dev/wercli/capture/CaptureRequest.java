package dev.wercli.capture;

import dev.wercli.config.ReleasePolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What AeDebug asked for plus the capture settings.
 *
 * @param pid              the crashed process
 * @param eventHandle      the AeDebug event handle (0 = none, e.g. a manual attach)
 * @param jitDebugInfo     the %p address, when Windows passed one (Wine passes garbage: it is validated)
 * @param dumpDir          where the dump and report go
 * @param dumpType         MINIDUMP_TYPE
 * @param timeout          the watchdog: the process is released and wercli exits by then, whatever happens
 * @param ownIdentity      strings that identify a wercli process (our jar path, launcher path): attach refuses
 *                         a target whose image or command line contains one, so wercli never debugs itself
 * @param delayBeforeDump  a test hook (hidden option) that stalls before the dump to prove the watchdog
 * @param release          whether the AeDebug event is signalled when the process is released (see ReleasePolicy)
 */
public record CaptureRequest(int pid, long eventHandle, OptionalLong jitDebugInfo, Path dumpDir, DumpType dumpType,
                             Duration timeout, java.util.List<String> ownIdentity, Duration delayBeforeDump,
                             ReleasePolicy release) {
    public CaptureRequest {
        ownIdentity = java.util.List.copyOf(ownIdentity);
    }

    /** Whether releasing the process includes signalling the AeDebug event. */
    public boolean signalsOnRelease() {
        return eventHandle != 0 && release == ReleasePolicy.SIGNAL;
    }

    public Optional<Duration> delay() {
        return delayBeforeDump.isZero() ? Optional.empty() : Optional.of(delayBeforeDump);
    }
}
