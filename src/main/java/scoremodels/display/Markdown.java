package scoremodels.display;

import java.util.LinkedHashMap;
import java.util.Map;

/** Text computed in a cell and shown as Markdown (text/markdown, with the same text as text/plain). */
public final class Markdown implements MimeBundle {
    static {
        // JJava and IJava render a cell's value through their own renderer: teach it this type
        Display.registerWithKernel();
    }

    private final String text;

    public Markdown(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        this.text = text;
    }

    public String text() {
        return text;
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/markdown", text);
        m.put("text/plain", text);
        return m;
    }

    @Override
    public String toString() {
        return text;
    }
}
