package scoremodels.kernel;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Rewrites a class so that every backward jump (a loop's back-edge) first calls
 * {@link CellGuard#poll()}: a loop in a cell, or in a library a cell calls, can then be stopped.
 * The call takes no operand and leaves the stack as it was, so stack-map frames stay valid and
 * nothing else in the class changes.
 */
final class StopChecks {
    static final String GUARD = "scoremodels/kernel/CellGuard";

    private StopChecks() {
    }

    /** The class with stop checks; the same bytes when it has no loop. */
    static byte[] instrument(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = new boolean[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new BackEdges(mv, changed);
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : classFile;
    }

    private static final class BackEdges extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();
        private final boolean[] changed;

        BackEdges(MethodVisitor mv, boolean[] changed) {
            super(Opcodes.ASM9, mv);
            this.changed = changed;
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        private void pollIfBackward(Label dflt, Label... targets) {
            if (seen.contains(dflt)) {
                poll();
                return;
            }
            pollIfBackward(targets);
        }

        private void poll() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "poll", "()V", false);
            changed[0] = true;
        }

        private void pollIfBackward(Label[] targets) {
            for (Label t : targets) {
                if (seen.contains(t)) {
                    poll();
                    return;
                }
            }
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            // JSR/RET subroutines only occur in old class files, which a JShell session never loads
            if (opcode != Opcodes.JSR) {
                pollIfBackward(new Label[]{label});
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            pollIfBackward(dflt, labels);
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            pollIfBackward(dflt, labels);
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }
    }
}
