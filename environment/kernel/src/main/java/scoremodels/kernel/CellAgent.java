package scoremodels.kernel;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Started by {@code java -jar} before the kernel's main (the jar's Launcher-Agent-Class): guards
 * Runtime.exit/halt ({@link ExitGuard}) and puts stop checks ({@link StopChecks}) into every class
 * that cells load, their own and those of the jars they add, so that interrupt stops a loop
 * anywhere in notebook code. The JDK's and the kernel's own classes are left as they are.
 */
public final class CellAgent {
    private static volatile boolean active;
    private static final AtomicBoolean warned = new AtomicBoolean();

    private CellAgent() {
    }

    public static void agentmain(String args, Instrumentation inst) {
        premain(args, inst);
    }

    public static void premain(String args, Instrumentation inst) {
        ExitGuard.install(inst);
        inst.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    ProtectionDomain domain, byte[] bytes) {
                if (redefined != null || !isCellLoader(loader)) {
                    return null;
                }
                try {
                    byte[] out = StopChecks.instrument(bytes);
                    return out == bytes ? null : out;
                } catch (Throwable e) {
                    // a class ASM cannot read (a newer class-file version) runs unchanged: only
                    // its loops cannot be interrupted
                    if (warned.compareAndSet(false, true)) {
                        KernelLog.warn("class " + name + " runs without stop checks: " + e);
                    }
                    return null;
                }
            }
        }, false);
        active = true;
    }

    /** True when the agent instruments the classes cells load (the kernel was started with -jar). */
    static boolean active() {
        return active;
    }

    /**
     * JShell's class loader and any loader below it: they hold the cells' classes and the jars
     * added with %classpath. Their parent chain reaches the application loader, which holds the
     * kernel, so the stop check they call is visible to them.
     */
    static boolean isCellLoader(ClassLoader loader) {
        ClassLoader app = ClassLoader.getSystemClassLoader();
        if (loader == null || loader == app) {
            return false;
        }
        for (ClassLoader l = loader.getParent(); l != null; l = l.getParent()) {
            if (l == app) {
                return true;
            }
        }
        return false;
    }
}
