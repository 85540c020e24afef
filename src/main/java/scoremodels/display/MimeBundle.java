package scoremodels.display;

import java.util.Map;

/**
 * Something that can show itself in a notebook, like IPython's {@code _repr_mimebundle_}.
 *
 * <p>Keys are MIME types ("image/png", "image/gif", "text/html", "text/plain"); binary data
 * (PNG, GIF) is base64-encoded text, as the Jupyter protocol carries it. The project's kernel
 * renders any cell result that has a public {@code mimeBundle()} method this way.
 */
public interface MimeBundle {
    Map<String, String> mimeBundle();

    /** Shows this object in the running notebook now (or prints its text outside one). */
    default void show() {
        Display.show(mimeBundle());
    }
}
