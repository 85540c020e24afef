package scoremodels.kernel;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Refuses System.exit, Runtime.exit and Runtime.halt from notebook code: cells run in the
 * kernel's JVM, where either would end the kernel and every definition in it. Only the kernel's
 * own shutdown may exit.
 *
 * <p>The SecurityManager that once did this is refused by Java 24 and later, so {@link CellAgent}
 * rewrites {@code java.lang.Runtime} itself: {@code exit} and {@code halt} first check that the
 * system property {@value #EXITING} is "yes", and throw a SecurityException otherwise. That covers
 * every way in (direct calls, method references, reflection, library code). A system property,
 * because {@code java.lang.Runtime} lives in the boot class loader, which cannot see this class;
 * only the kernel's shutdown sets it.
 */
final class ExitGuard {
    static final String EXITING = "scoremodels.kernel.exiting";
    private static volatile boolean installed;

    private ExitGuard() {
    }

    /** Rewrites Runtime to refuse exit and halt; false when that cannot be done on this JVM. */
    static boolean install(Instrumentation inst) {
        System.clearProperty(EXITING);
        ClassFileTransformer rewrite = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    ProtectionDomain domain, byte[] bytes) {
                return "java/lang/Runtime".equals(name) ? guardRuntime(bytes) : null;
            }
        };
        try {
            inst.addTransformer(rewrite, true);
            inst.retransformClasses(Runtime.class);
            installed = true;
        } catch (Throwable e) {
            KernelLog.warn("System.exit from a cell cannot be refused on this JVM: " + e);
        } finally {
            inst.removeTransformer(rewrite);
        }
        return installed;
    }

    static boolean installed() {
        return installed;
    }

    /** The kernel's own way out, after shutdown_request. */
    static void exitKernel(int status) {
        System.setProperty(EXITING, "yes");
        System.exit(status);
    }

    /** Runtime's class file with the guard at the top of exit(int) and halt(int). */
    static byte[] guardRuntime(byte[] runtimeClass) {
        ClassReader reader = new ClassReader(runtimeClass);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!"(I)V".equals(descriptor) || !(name.equals("exit") || name.equals("halt"))) {
                    return mv;
                }
                String call = name.equals("exit") ? "System.exit(" : "Runtime.halt(";
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        // if (!"yes".equals(System.getProperty(EXITING)))
                        //     throw new SecurityException(call + status + REFUSED);
                        Label allowed = new Label();
                        super.visitLdcInsn("yes");
                        super.visitLdcInsn(EXITING);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getProperty",
                                "(Ljava/lang/String;)Ljava/lang/String;", false);
                        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "equals",
                                "(Ljava/lang/Object;)Z", false);
                        super.visitJumpInsn(Opcodes.IFNE, allowed);
                        super.visitTypeInsn(Opcodes.NEW, "java/lang/SecurityException");
                        super.visitInsn(Opcodes.DUP);
                        super.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
                        super.visitInsn(Opcodes.DUP);
                        super.visitLdcInsn(call);
                        super.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>",
                                "(Ljava/lang/String;)V", false);
                        super.visitVarInsn(Opcodes.ILOAD, 1);
                        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                                "(I)Ljava/lang/StringBuilder;", false);
                        super.visitLdcInsn(REFUSED);
                        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                                "(Ljava/lang/String;)Ljava/lang/StringBuilder;", false);
                        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString",
                                "()Ljava/lang/String;", false);
                        super.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/SecurityException", "<init>",
                                "(Ljava/lang/String;)V", false);
                        super.visitInsn(Opcodes.ATHROW);
                        super.visitLabel(allowed);
                        // the locals are still the method's arguments: the frame is the entry frame
                        super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }

    static final String REFUSED = ") was refused: it would end the notebook's kernel and every definition"
            + " in it; use the notebook's Restart to start afresh";
}
