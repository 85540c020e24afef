package scoremodels.display;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * The library inside a JJava kernel ({@code org.dflib.jjava}). Loaded only after {@link Display}
 * has seen JJava's classes, so the library runs without them everywhere else.
 */
final class JJavaHost {
    /** Renderers that already know MimeBundle; weak, as a renderer lives as long as its kernel. */
    private static final Set<Renderer> REGISTERED = Collections.newSetFromMap(new WeakHashMap<>());

    private JJavaHost() {
    }

    /** The running JJava kernel, or null (JJava's classes on the classpath, but no kernel). */
    private static BaseKernel kernel() {
        try {
            return BaseKernel.notebookKernel();
        } catch (NullPointerException noKernel) {
            // JJava's accessor throws this (a requireNonNull) when its classes are loaded but no
            // kernel runs: a test or a program using the library outside a notebook.
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
        renderer.createRegistration(MimeBundle.class).register(JJavaHost::render);
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
