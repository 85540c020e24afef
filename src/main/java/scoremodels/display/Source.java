package scoremodels.display;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java source of a library class, for printing in a notebook the way the chapter prints
 * {@code inspect.getsource(SDEScoreModel)}. The jar carries its sources under {@code sources/}.
 */
public final class Source implements MimeBundle {
    static {
        Display.registerWithKernel();
    }

    private final String name;
    private final String text;

    private Source(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** The source file of a top-level library class. */
    public static Source of(Class<?> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String path = "/sources/" + top.getName().replace('.', '/') + ".java";
        try (InputStream in = top.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("type: no source bundled for " + top.getName()
                        + " (only the score-models library's own classes carry their source)");
            }
            return new Source(top.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("reading the source of " + top.getName() + ": " + e.getMessage(), e);
        }
    }

    public String text() {
        return text;
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/plain", text);
        m.put("text/html", "<details open><summary><code>" + escape(name) + "</code></summary>"
                + "<pre style='font-size:85%;max-height:40em;overflow:auto'>" + escape(text) + "</pre></details>");
        return m;
    }

    @Override
    public String toString() {
        return text;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
