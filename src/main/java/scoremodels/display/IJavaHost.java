package scoremodels.display;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/**
 * The library inside an IJava kernel ({@code io.github.spencerpark.ijava}, on the
 * jupyter-jvm-basekernel library). Loaded only after {@link Display} has seen the base kernel's
 * classes, so the library runs without them everywhere else.
 */
final class IJavaHost {
    /** Renderers that already know MimeBundle; weak, as a renderer lives as long as its kernel. */
    private static final Set<Renderer> REGISTERED = Collections.newSetFromMap(new WeakHashMap<>());

    private IJavaHost() {
    }

    /**
     * The running IJava kernel, or null. The base kernel library has no static accessor: IJava's
     * own main class holds the instance, and it is looked up by name because the library is not
     * compiled against IJava itself.
     */
    private static BaseKernel kernel() {
        try {
            Class<?> ijava = Class.forName("io.github.spencerpark.ijava.IJava", false, IJavaHost.class.getClassLoader());
            Object k = ijava.getMethod("getKernelInstance").invoke(null);
            return k instanceof BaseKernel ? (BaseKernel) k : null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    static boolean register() {
        BaseKernel k = kernel();
        return k != null && register(k.getRenderer());
    }

    /**
     * Teaches a renderer to show every MimeBundle as its bundle. Registered for any MIME type,
     * so a cell's value gets the whole bundle and {@code display(o, "image/png")} only the types
     * asked for (plus text/plain, which the renderer always adds).
     */
    static boolean register(Renderer renderer) {
        synchronized (REGISTERED) {
            if (!REGISTERED.add(renderer)) {
                return true;
            }
        }
        renderer.createRegistration(MimeBundle.class).register(IJavaHost::render);
        return true;
    }

    static void render(MimeBundle value, RenderContext context) {
        for (Map.Entry<String, String> e : value.mimeBundle().entrySet()) {
            context.renderIfRequested(MIMEType.parse(e.getKey()), e::getValue);
        }
    }

    static boolean show(Map<String, String> bundle, String displayId) {
        BaseKernel k = kernel();
        if (k == null) {
            return false;
        }
        k.display(data(bundle, displayId));
        return true;
    }

    static boolean update(String displayId, Map<String, String> bundle) {
        BaseKernel k = kernel();
        if (k == null) {
            return false;
        }
        k.getIO().display.updateDisplay(displayId, data(bundle, null));
        return true;
    }

    private static DisplayData data(Map<String, String> bundle, String displayId) {
        DisplayData data = new DisplayData();
        bundle.forEach(data::putData);
        if (displayId != null) {
            data.setDisplayId(displayId);
        }
        return data;
    }
}
