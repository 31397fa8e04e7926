package dev.wercli.platform.win32;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ServiceManager;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The SCM through advapi32 (OpenSCManager, CreateService, ChangeServiceConfig2, ControlService...). */
public final class Win32ServiceManager implements ServiceManager {
    private static final int SERVICE_QUERY_CONFIG = 0x0001;
    /** QUERY_SERVICE_CONFIGW: dwServiceType, dwStartType, dwErrorControl, then lpBinaryPathName. */
    private static final int SERVICE_AUTO_START = 2;

    @Override
    public Optional<Service> query(String name) throws PlatformException {
        try (Scm scm = new Scm(Winsvc.SC_MANAGER_CONNECT)) {
            Winsvc.SC_HANDLE service = Advapi32.INSTANCE.OpenService(scm.handle, name,
                    Winsvc.SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG);
            if (service == null) {
                int error = Kernel32.INSTANCE.GetLastError();
                if (error == WinError.ERROR_SERVICE_DOES_NOT_EXIST) {
                    return Optional.empty();
                }
                throw new PlatformException("OpenService " + name, error);
            }
            try {
                Winsvc.SERVICE_STATUS_PROCESS status = new Winsvc.SERVICE_STATUS_PROCESS();
                IntByReference needed = new IntByReference();
                if (!Advapi32.INSTANCE.QueryServiceStatusEx(service, Winsvc.SC_STATUS_TYPE.SC_STATUS_PROCESS_INFO,
                        status, status.size(), needed)) {
                    throw new PlatformException("QueryServiceStatusEx " + name, Kernel32.INSTANCE.GetLastError());
                }
                String commandLine = "";
                boolean autoStart = false;
                WercliAdvapi32 a = WercliAdvapi32.INSTANCE;
                a.QueryServiceConfig(service, null, 0, needed);
                if (needed.getValue() > 0) {
                    Memory config = new Memory(needed.getValue());
                    if (a.QueryServiceConfig(service, config, (int) config.size(), needed)) {
                        autoStart = config.getInt(4) == SERVICE_AUTO_START;
                        com.sun.jna.Pointer path = config.getPointer(Native.POINTER_SIZE == 8 ? 16 : 12);
                        commandLine = path == null ? "" : path.getWideString(0);
                    }
                }
                return Optional.of(new Service(stateName(status.dwCurrentState), status.dwProcessId, commandLine,
                        autoStart));
            } finally {
                Advapi32.INSTANCE.CloseServiceHandle(service);
            }
        }
    }

    @Override
    public Optional<String> create(String name, String displayName, String description, String commandLine)
            throws PlatformException {
        try (Scm scm = new Scm(Winsvc.SC_MANAGER_ALL_ACCESS)) {
            Winsvc.SC_HANDLE service = Advapi32.INSTANCE.CreateService(scm.handle, name, displayName,
                    Winsvc.SERVICE_ALL_ACCESS, WinNT.SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START,
                    WinNT.SERVICE_ERROR_NORMAL, commandLine, null, null, null, null, null);
            if (service == null) {
                throw new PlatformException("CreateService " + name, Kernel32.INSTANCE.GetLastError());
            }
            try {
                Winsvc.SERVICE_DESCRIPTION d = new Winsvc.SERVICE_DESCRIPTION();
                d.lpDescription = description;
                Advapi32.INSTANCE.ChangeServiceConfig2(service, Winsvc.SERVICE_CONFIG_DESCRIPTION, d);
                // Restart after 1 s, 5 s, 30 s; the failure count resets after a day.
                Winsvc.SERVICE_FAILURE_ACTIONS actions = new Winsvc.SERVICE_FAILURE_ACTIONS();
                actions.dwResetPeriod = 86_400;
                actions.cActions = 3;
                Winsvc.SC_ACTION.ByReference first = new Winsvc.SC_ACTION.ByReference();
                Winsvc.SC_ACTION[] array = (Winsvc.SC_ACTION[]) first.toArray(3);
                int[] delays = {1_000, 5_000, 30_000};
                for (int i = 0; i < 3; i++) {
                    array[i].type = Winsvc.SC_ACTION_RESTART;
                    array[i].delay = delays[i];
                    array[i].write();
                }
                actions.lpsaActions = first;
                if (!Advapi32.INSTANCE.ChangeServiceConfig2(service, Winsvc.SERVICE_CONFIG_FAILURE_ACTIONS, actions)) {
                    return Optional.of("the system did not take the restart-on-failure actions (Win32 error "
                            + Kernel32.INSTANCE.GetLastError() + ")");
                }
                return Optional.empty();
            } finally {
                Advapi32.INSTANCE.CloseServiceHandle(service);
            }
        }
    }

    @Override
    public void start(String name) throws PlatformException {
        withService(name, Winsvc.SERVICE_START, service -> {
            if (!Advapi32.INSTANCE.StartService(service, 0, null)) {
                int error = Kernel32.INSTANCE.GetLastError();
                if (error != WinError.ERROR_SERVICE_ALREADY_RUNNING) {
                    throw new PlatformException("StartService " + name, error);
                }
            }
        });
    }

    @Override
    public boolean stop(String name, Duration wait) throws PlatformException {
        boolean[] stopped = {false};
        withService(name, Winsvc.SERVICE_STOP | Winsvc.SERVICE_QUERY_STATUS, service -> {
            Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
            if (!Advapi32.INSTANCE.ControlService(service, Winsvc.SERVICE_CONTROL_STOP, status)) {
                int error = Kernel32.INSTANCE.GetLastError();
                if (error != WinError.ERROR_SERVICE_NOT_ACTIVE) {
                    throw new PlatformException("stopping " + name, error);
                }
            }
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                if (!Advapi32.INSTANCE.QueryServiceStatus(service, status)) {
                    throw new PlatformException("QueryServiceStatus " + name, Kernel32.INSTANCE.GetLastError());
                }
                if (status.dwCurrentState == Winsvc.SERVICE_STOPPED) {
                    stopped[0] = true;
                    return;
                }
                if (System.nanoTime() > deadline) {
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        return stopped[0];
    }

    @Override
    public void delete(String name) throws PlatformException {
        withService(name, WinNT.DELETE, service -> {
            if (!Advapi32.INSTANCE.DeleteService(service)) {
                int error = Kernel32.INSTANCE.GetLastError();
                if (error != WinError.ERROR_SERVICE_MARKED_FOR_DELETE) {
                    throw new PlatformException("DeleteService " + name, error);
                }
            }
        });
    }

    private interface ServiceAction {
        void apply(Winsvc.SC_HANDLE service) throws PlatformException;
    }

    private static void withService(String name, int access, ServiceAction action) throws PlatformException {
        try (Scm scm = new Scm(Winsvc.SC_MANAGER_CONNECT)) {
            Winsvc.SC_HANDLE service = Advapi32.INSTANCE.OpenService(scm.handle, name, access);
            if (service == null) {
                throw new PlatformException("OpenService " + name, Kernel32.INSTANCE.GetLastError());
            }
            try {
                action.apply(service);
            } finally {
                Advapi32.INSTANCE.CloseServiceHandle(service);
            }
        }
    }

    static String stateName(int state) {
        List<String> names = List.of("STOPPED", "START_PENDING", "STOP_PENDING", "RUNNING", "CONTINUE_PENDING",
                "PAUSE_PENDING", "PAUSED");
        return state >= 1 && state <= names.size() ? names.get(state - 1) : "STATE_" + state;
    }

    private static final class Scm implements AutoCloseable {
        final Winsvc.SC_HANDLE handle;

        Scm(int access) throws PlatformException {
            handle = Advapi32.INSTANCE.OpenSCManager(null, null, access);
            if (handle == null) {
                throw new PlatformException("OpenSCManager", Kernel32.INSTANCE.GetLastError());
            }
        }

        @Override
        public void close() {
            Advapi32.INSTANCE.CloseServiceHandle(handle);
        }
    }
}
