package scoremodels.kernel;

import java.util.Map;

/**
 * What cells call by name: {@code display(o)} and {@code display(o, "text/html", ...)}, as in
 * IJava and JJava (statically imported into every session). Both return the display's id.
 */
public final class Notebook {
    private Notebook() {
    }

    /** Shows the object now, in its richest form (image, own MIME bundle, HTML, or text). */
    public static String display(Object o) {
        return JavaKernel.show(ResultRenderer.render(o));
    }

    /** Shows the object as the given MIME types only; a string can be shown as any textual type. */
    public static String display(Object o, String... mimeTypes) {
        Map<String, String> bundle = ResultRenderer.renderAs(o, mimeTypes);
        return JavaKernel.show(bundle);
    }
}
