package dev.wercli.store;

import dev.wercli.report.CrashReport;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One capture on its way to a crash backend: its report as spooled (the bytes that are sent as they are), the
 * same report read ({@link dev.wercli.report.ReportJson}), and its dump when the dump folder still holds it.
 *
 * @param reportJson the spooled report file's bytes; small (tens of KiB), so held in memory
 * @param report     null when the spooled file is not a report wercli can read; only wercli's own protocol
 *                   sends such a file (as it is), the others refuse it for good
 * @param dump       the dump file; streamed from disk by the senders, never read into memory; empty when the
 *                   capture left none or retention deleted it before delivery
 */
public record Outgoing(String reportId, byte[] reportJson, CrashReport report, Optional<Path> dump) {
}
