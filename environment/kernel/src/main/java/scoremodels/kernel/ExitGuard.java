package scoremodels.kernel;

import java.security.Permission;

/**
 * Refuses System.exit and Runtime.halt from notebook code: in a kernel whose cells run in its
 * own JVM, either would end the kernel and every definition in it. Only the kernel's shutdown
 * may exit. Java 17 still offers the SecurityManager for this (the kernelspec passes
 * {@code -Djava.security.manager=allow}); where a later JDK refuses it, the kernel runs unguarded
 * and says so in its log.
 */
@SuppressWarnings("removal")
final class ExitGuard extends SecurityManager {
    private static volatile boolean kernelExiting;

    private ExitGuard() {
    }

    static boolean install() {
        try {
            System.setSecurityManager(new ExitGuard());
            return true;
        } catch (UnsupportedOperationException | SecurityException e) {
            KernelLog.warn("System.exit from a cell cannot be blocked on this JVM: " + e.getMessage());
            return false;
        }
    }

    /** The kernel's own way out, after shutdown_request. */
    static void exitKernel(int status) {
        kernelExiting = true;
        System.exit(status);
    }

    @Override
    public void checkExit(int status) {
        if (!kernelExiting) {
            throw new SecurityException("System.exit(" + status + ") was refused: it would end the notebook's kernel"
                    + " and every definition in it; use the notebook's Restart to start afresh");
        }
    }

    @Override
    public void checkPermission(Permission permission) {
        if (!kernelExiting && "setSecurityManager".equals(permission.getName())) {
            throw new SecurityException("the kernel's guard against System.exit cannot be replaced from a cell");
        }
    }

    @Override
    public void checkPermission(Permission permission, Object context) {
        checkPermission(permission);
    }
}
