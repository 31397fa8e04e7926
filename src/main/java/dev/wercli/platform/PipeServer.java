package dev.wercli.platform;

import java.util.Optional;

/**
 * The capture service's named pipe (server side). One {@link Client} per connected launcher; each is served
 * on a thread of its own while {@link #accept()} waits for the next.
 */
public interface PipeServer extends AutoCloseable {
    /** Waits for the next client; empty once {@link #close()} was called. */
    Optional<Client> accept() throws PlatformException;

    /** Stops accepting; a waiting {@link #accept()} returns empty. */
    @Override
    void close();

    /** One connected launcher. */
    interface Client extends AutoCloseable {
        /** The client's process id as the pipe reports it (GetNamedPipeClientProcessId), not as it claims it. */
        int processId() throws PlatformException;

        /** Reads one message (at most {@code max} bytes). */
        byte[] read(int max) throws PlatformException;

        /** Writes one message. */
        void write(byte[] message) throws PlatformException;

        /**
         * Whether the client's user may open {@code pid} with the rights a debugger needs: the open is made while
         * impersonating the client (ImpersonateNamedPipeClient, OpenProcess, RevertToSelf).
         */
        Access debugAccess(int pid);

        /**
         * Duplicates a handle value of the client process into this process (DuplicateHandle, same access);
         * the caller closes the copy with {@link #closeDuplicate(long)}.
         */
        long duplicateFromClient(long handle) throws PlatformException;

        void closeDuplicate(long handle);

        @Override
        void close();
    }

    /**
     * The outcome of the impersonated open.
     *
     * @param allowed   the client could open the process for debugging
     * @param errorCode the Win32 error of the failed step (0 when allowed)
     * @param step      what failed ("impersonate", "open", "revert") or "" when allowed
     */
    record Access(boolean allowed, int errorCode, String step) {
        public static Access granted() {
            return new Access(true, 0, "");
        }

        public static Access denied(String step, int errorCode) {
            return new Access(false, errorCode, step);
        }
    }
}
