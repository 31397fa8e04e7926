package dev.wercli.analysis.stack;

import java.time.Duration;

/**
 * Bounds of one stack walk, the same for every architecture: damaged memory of a crashed process must not
 * make a walk loop or stall a capture while the process is held.
 *
 * @param maxFrames    frames reported, the context frame included
 * @param maxScanWords stack words (pointer-sized) one scan step may read
 * @param timeBudget   wall time for the whole walk
 */
public record WalkLimits(int maxFrames, int maxScanWords, Duration timeBudget) {
    public static final WalkLimits DEFAULT = new WalkLimits(256, 2048, Duration.ofSeconds(2));
}
