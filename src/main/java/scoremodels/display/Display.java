package scoremodels.display;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * Sends a MIME bundle to whichever Java kernel is running this code.
 *
 * <p>The library must not depend on a kernel, so the kernel is found by name at run time: the
 * project's own kernel ({@code scoremodels.kernel.JavaKernel.display(Map)}), then JJava and
 * IJava through their {@code getKernelInstance().display(DisplayData)}. Outside a notebook the
 * bundle's text/plain part is printed.
 */
public final class Display {
    private Display() {
    }

    /** Shows the bundle; returns true when a kernel took it. */
    public static boolean show(Map<String, String> bundle) {
        if (bundle == null || bundle.isEmpty()) {
            throw new IllegalArgumentException("bundle must hold at least one MIME type");
        }
        if (ownKernel(bundle) || foreignKernel("org.dflib.jjava.JJava",
                "org.dflib.jjava.jupyter.kernel.display.DisplayData", bundle)
                || foreignKernel("io.github.spencerpark.ijava.IJava",
                        "io.github.spencerpark.jupyter.kernel.display.DisplayData", bundle)) {
            return true;
        }
        String text = bundle.get("text/plain");
        System.out.println(text != null ? text : "<" + String.join(", ", bundle.keySet()) + ">");
        return false;
    }

    private static Class<?> find(String name) {
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(),
            Display.class.getClassLoader(), ClassLoader.getSystemClassLoader()};
        for (ClassLoader cl : loaders) {
            if (cl == null) {
                continue;
            }
            try {
                return Class.forName(name, false, cl);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return null;
    }

    private static boolean ownKernel(Map<String, String> bundle) {
        Class<?> k = find("scoremodels.kernel.JavaKernel");
        if (k == null) {
            return false;
        }
        try {
            Object taken = k.getMethod("display", Map.class).invoke(null, bundle);
            return !(taken instanceof Boolean) || (Boolean) taken;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static boolean foreignKernel(String kernelClass, String dataClass, Map<String, String> bundle) {
        Class<?> k = find(kernelClass);
        Class<?> d = find(dataClass);
        if (k == null || d == null) {
            return false;
        }
        try {
            Object kernel = k.getMethod("getKernelInstance").invoke(null);
            if (kernel == null) {
                return false;
            }
            Object data = d.getConstructor().newInstance();
            Method put = d.getMethod("putData", String.class, Object.class);
            for (Map.Entry<String, String> e : bundle.entrySet()) {
                put.invoke(data, e.getKey(), e.getValue());
            }
            kernel.getClass().getMethod("display", d).invoke(kernel, data);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
