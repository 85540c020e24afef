package scoremodels.kernel;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a cell's value into a MIME bundle (MIME type to text; binary data base64-encoded).
 *
 * <p>Images become PNG; an object with a public no-argument {@code mimeBundle()} gives its own
 * bundle (the library's MimeBundle, found by name so that the kernel needs no library jar); one
 * with {@code toHtml()} or {@code toHTML()} gives HTML; everything else its text. Every bundle
 * carries text/plain for front ends that show nothing else.
 */
final class ResultRenderer {
    private ResultRenderer() {
    }

    static Map<String, String> render(Object value) {
        Map<String, String> bundle = new LinkedHashMap<>();
        if (value instanceof RenderedImage) {
            RenderedImage image = (RenderedImage) value;
            bundle.put("image/png", png(image));
            bundle.put("text/plain", "<image " + image.getWidth() + "x" + image.getHeight() + ">");
            return bundle;
        }
        Object own = call(value, "mimeBundle");
        if (own instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) own).entrySet()) {
                if (!(e.getKey() instanceof String) || e.getValue() == null) {
                    throw new IllegalArgumentException("mimeBundle() of " + value.getClass().getName()
                            + " must map MIME type strings to data, found key " + e.getKey());
                }
                bundle.put((String) e.getKey(), String.valueOf(e.getValue()));
            }
        } else {
            Object html = call(value, "toHtml");
            if (html == null) {
                html = call(value, "toHTML");
            }
            if (html instanceof CharSequence) {
                bundle.put("text/html", html.toString());
            }
        }
        bundle.putIfAbsent("text/plain", text(value));
        return bundle;
    }

    /**
     * The bundle restricted to the asked-for types, as IJava's {@code display(o, types...)}: a
     * string can be shown as any textual type (HTML, Markdown, LaTeX...).
     */
    static Map<String, String> renderAs(Object value, String... mimeTypes) {
        if (mimeTypes == null || mimeTypes.length == 0) {
            return render(value);
        }
        Map<String, String> full = render(value);
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String type : mimeTypes) {
            if (full.containsKey(type)) {
                chosen.put(type, full.get(type));
            } else if (value instanceof CharSequence) {
                chosen.put(type, value.toString());
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("mimeTypes " + Arrays.toString(mimeTypes)
                    + " cannot be produced for a " + (value == null ? "null" : value.getClass().getName())
                    + "; it offers " + full.keySet());
        }
        return chosen;
    }

    static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Object[]) {
            return Arrays.deepToString((Object[]) value);
        }
        if (value.getClass().isArray()) {
            return Arrays.deepToString(new Object[]{value}).replaceAll("^\\[|\\]$", "");
        }
        return String.valueOf(value);
    }

    static String png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalArgumentException("image of type " + image.getClass().getName() + " cannot be written as PNG");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a cell's image as PNG failed", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** Calls a public no-argument method by name; null when the object has none. */
    private static Object call(Object target, String name) {
        if (target == null) {
            return null;
        }
        Method method;
        try {
            method = target.getClass().getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
        // classes declared in cells are not public: opening the method is needed to call it
        method.trySetAccessible();
        try {
            return method.invoke(target);
        } catch (IllegalAccessException e) {
            return null;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(name + "() of " + target.getClass().getName() + " failed", cause);
        }
    }
}
