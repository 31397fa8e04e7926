package dev.wercli.platform;

/** Runs this process as a Windows service for the service control manager (StartServiceCtrlDispatcher). */
public interface ServiceHost {
    /** What runs as the service. */
    interface Body {
        /** Runs until {@link #stop()}; the service is RUNNING while this runs. */
        void run();

        /** The SCM asked to stop (or the system shuts down): make {@link #run()} return soon. */
        void stop();
    }

    /** Error of StartServiceCtrlDispatcher when the process was not started by the SCM. */
    int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;

    /**
     * Connects to the SCM and runs {@code body} as the service {@code name}; returns once it has stopped.
     * Fails with {@link #ERROR_FAILED_SERVICE_CONTROLLER_CONNECT} when the SCM did not start this process.
     */
    void dispatch(String name, Body body) throws PlatformException;
}
