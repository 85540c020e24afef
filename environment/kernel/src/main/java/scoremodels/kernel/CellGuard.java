package scoremodels.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * The stop check that {@link StopChecks} puts at every loop back-edge of the classes cells load.
 *
 * <p>Interrupt must stop a busy loop on every JDK, and from Java 20 on nothing can throw into a
 * running thread from outside ({@code Thread.stop} is gone). So the loop asks itself: each
 * back-edge calls {@link #poll()}. Normally poll's target is a no-op held in a
 * {@link MutableCallSite}; the JIT inlines it to nothing and records that the compiled loop
 * depends on that target. {@link #requestStop()} swaps the target for one that throws and
 * syncs the call site, which makes the JVM throw away (deoptimise) every compiled loop that
 * inlined the no-op; the next back-edge then throws {@link CellStopped}. A fast loop costs
 * nothing while no stop is pending, unlike a volatile read on every iteration.
 *
 * <p>Public because instrumented classes live in other class loaders and call it.
 */
public final class CellGuard {
    private static final MethodType VOID = MethodType.methodType(void.class);
    private static final MutableCallSite SITE = new MutableCallSite(VOID);
    private static final MethodHandle CHECK = SITE.dynamicInvoker();
    private static final MethodHandle NOTHING = MethodHandles.empty(VOID);
    private static final MethodHandle THROW;
    private static volatile boolean stopping;

    static {
        try {
            THROW = MethodHandles.lookup().findStatic(CellGuard.class, "stopHere", VOID);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        SITE.setTarget(NOTHING);
    }

    private CellGuard() {
    }

    /** Thrown at a loop back-edge of cell or library code once the cell is to stop. */
    public static final class CellStopped extends Error {
        CellStopped() {
            super("the cell was interrupted", null, false, false);
        }
    }

    /** Called at every loop back-edge of instrumented code: throws when a stop is pending. */
    public static void poll() {
        try {
            CHECK.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void stopHere() {
        if (stopping) {
            throw new CellStopped();
        }
    }

    /** From now on every back-edge of instrumented code throws, until {@link #clearStop()}. */
    static synchronized void requestStop() {
        if (!stopping) {
            stopping = true;
            SITE.setTarget(THROW);
            MutableCallSite.syncAll(new MutableCallSite[]{SITE});
        }
    }

    static synchronized void clearStop() {
        if (stopping) {
            stopping = false;
            SITE.setTarget(NOTHING);
            MutableCallSite.syncAll(new MutableCallSite[]{SITE});
        }
    }

    static boolean stopping() {
        return stopping;
    }
}
