package dev.wercli.platform;

import java.time.Duration;
import java.util.Optional;

/** The service control manager's configuration of one service (install, status, uninstall). */
public interface ServiceManager {
    /**
     * A service as the SCM knows it.
     *
     * @param state       STOPPED, START_PENDING, STOP_PENDING, RUNNING, ... (the SERVICE_STATUS state's name)
     * @param processId   the service's process id while it runs, else 0
     * @param commandLine its binary path (command line)
     * @param autoStart   whether it starts with the system
     */
    record Service(String state, int processId, String commandLine, boolean autoStart) {
        public boolean running() {
            return state.equals("RUNNING");
        }
    }

    Optional<Service> query(String name) throws PlatformException;

    /**
     * Creates an auto-start LocalSystem service of its own process, with a description and failure actions that
     * restart it. Failure actions the system does not support are ignored (Wine); the return says which.
     */
    Optional<String> create(String name, String displayName, String description, String commandLine)
            throws PlatformException;

    void start(String name) throws PlatformException;

    /** Asks it to stop and waits up to {@code wait} for STOPPED; true once stopped. */
    boolean stop(String name, Duration wait) throws PlatformException;

    void delete(String name) throws PlatformException;
}
