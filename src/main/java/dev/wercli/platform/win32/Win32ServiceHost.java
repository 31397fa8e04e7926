package dev.wercli.platform.win32;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ServiceHost;

/**
 * StartServiceCtrlDispatcher on the calling (main) thread; the SCM calls ServiceMain on a thread of its own,
 * which registers the control handler, reports RUNNING, runs the body and reports STOPPED when it returns.
 */
public final class Win32ServiceHost implements ServiceHost {
    /** How long the SCM should wait for a stop before it gives up on us (ms, SERVICE_STATUS.dwWaitHint). */
    private static final int STOP_WAIT_HINT_MS = 70_000;

    @Override
    public void dispatch(String name, Body body) throws PlatformException {
        ServiceMain main = new ServiceMain(name, body);
        Winsvc.SERVICE_TABLE_ENTRY entry = new Winsvc.SERVICE_TABLE_ENTRY();
        entry.lpServiceName = name;
        entry.lpServiceProc = main;
        Winsvc.SERVICE_TABLE_ENTRY[] table = (Winsvc.SERVICE_TABLE_ENTRY[]) entry.toArray(2);
        if (!Advapi32.INSTANCE.StartServiceCtrlDispatcher(table)) {
            throw new PlatformException("StartServiceCtrlDispatcher", Kernel32.INSTANCE.GetLastError());
        }
        if (main.failure != null) {
            throw main.failure;
        }
    }

    /*
     * ServiceMain and the control handler are two objects: JNA picks the callback interface of an object by its
     * class, so one object implementing both was registered as the handler with ServiceMain's signature (measured:
     * a stop request ran ServiceMain again).
     */
    private static final class ServiceMain implements Winsvc.SERVICE_MAIN_FUNCTION {
        private final String name;
        private final Body body;
        private Winsvc.SERVICE_STATUS_HANDLE handle;
        private volatile PlatformException failure;
        private final Winsvc.HandlerEx handler = this::control;

        ServiceMain(String name, Body body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public void callback(int argc, Pointer argv) {
            handle = Advapi32.INSTANCE.RegisterServiceCtrlHandlerEx(name, handler, null);
            if (handle == null) {
                failure = new PlatformException("RegisterServiceCtrlHandlerEx", Kernel32.INSTANCE.GetLastError());
                return;
            }
            report(Winsvc.SERVICE_RUNNING, Winsvc.SERVICE_ACCEPT_STOP | Winsvc.SERVICE_ACCEPT_SHUTDOWN, 0, 0);
            int exit = 0;
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                exit = 1;
            }
            report(Winsvc.SERVICE_STOPPED, 0, exit == 0 ? 0 : WinError.ERROR_SERVICE_SPECIFIC_ERROR, 0);
        }

        private int control(int control, int eventType, Pointer eventData, Pointer context) {
            switch (control) {
                case Winsvc.SERVICE_CONTROL_STOP, Winsvc.SERVICE_CONTROL_SHUTDOWN -> {
                    report(Winsvc.SERVICE_STOP_PENDING, 0, 0, STOP_WAIT_HINT_MS);
                    new Thread(body::stop, "wercli-service-stop").start();
                    return WinError.NO_ERROR;
                }
                case Winsvc.SERVICE_CONTROL_INTERROGATE -> {
                    return WinError.NO_ERROR;
                }
                default -> {
                    return WinError.ERROR_CALL_NOT_IMPLEMENTED;
                }
            }
        }

        private synchronized void report(int state, int accepted, int exitCode, int waitHint) {
            Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
            status.dwServiceType = WinNT.SERVICE_WIN32_OWN_PROCESS;
            status.dwCurrentState = state;
            status.dwControlsAccepted = accepted;
            status.dwWin32ExitCode = exitCode;
            status.dwServiceSpecificExitCode = exitCode == 0 ? 0 : 1;
            status.dwWaitHint = waitHint;
            Advapi32.INSTANCE.SetServiceStatus(handle, status);
        }
    }
}
