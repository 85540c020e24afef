package scoremodels.kernel;

import java.util.Map;
import java.util.UUID;

/**
 * IJava's display functions, statically imported into every session so that cells call them
 * without imports, with IJava's names and behaviour (JJava has the same ones):
 * {@code display(o)} and {@code display(o, mimeTypes...)} show an object now and return the
 * display's id; {@code updateDisplay(id, o[, mimeTypes...])} replaces what that display shows;
 * {@code render(o[, mimeTypes...])} gives the data without showing it.
 */
public final class Notebook {
    private Notebook() {
    }

    /** The object's data in its richest form (image, own MIME bundle, HTML), always with text/plain. */
    public static RenderedData render(Object o) {
        return o instanceof RenderedData ? (RenderedData) o : new RenderedData(ResultRenderer.render(o));
    }

    /** The object's data as the given MIME types only (and text/plain); a string may be any textual type. */
    public static RenderedData render(Object o, String... mimeTypes) {
        Map<String, String> chosen = ResultRenderer.renderAs(o, mimeTypes);
        chosen.putIfAbsent("text/plain", ResultRenderer.text(o));
        return new RenderedData(chosen);
    }

    /** Shows the object now, in its richest form; returns the id that {@link #updateDisplay} takes. */
    public static String display(Object o) {
        return show(render(o));
    }

    /** Shows the object as the given MIME types only; returns the display's id. */
    public static String display(Object o, String... mimeTypes) {
        return show(render(o, mimeTypes));
    }

    /** Replaces the output shown under {@code id} (from {@code display}) with the object. */
    public static void updateDisplay(String id, Object o) {
        update(id, render(o));
    }

    /** Replaces the output shown under {@code id} with the object as the given MIME types. */
    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        update(id, render(o, mimeTypes));
    }

    private static String show(RenderedData data) {
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        if (!JavaKernel.display(data.mimeBundle(), id)) {
            System.out.println(data);
        }
        return id;
    }

    private static void update(String id, RenderedData data) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must be the id that display(...) returned, got " + id);
        }
        if (!JavaKernel.updateDisplay(id, data.mimeBundle())) {
            System.out.println(data);
        }
    }
}
