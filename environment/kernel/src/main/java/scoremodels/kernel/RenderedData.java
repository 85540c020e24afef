package scoremodels.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code render(o)} returns in a cell: the MIME bundle an object shows as (MIME type to
 * data; binary data base64), with an optional display id. As in IJava and JJava, a cell ending
 * in {@code render(o, "text/html")} shows exactly those types, and {@code display(...)} of it
 * shows it as it is.
 */
public final class RenderedData {
    private final Map<String, String> data;
    private String displayId;

    RenderedData(Map<String, String> data) {
        this.data = new LinkedHashMap<>(data);
    }

    /** The data for one MIME type, or null. */
    public String getData(String mimeType) {
        return data.get(mimeType);
    }

    public boolean hasDataForType(String mimeType) {
        return data.containsKey(mimeType);
    }

    public void putData(String mimeType, String value) {
        if (mimeType == null || !mimeType.contains("/")) {
            throw new IllegalArgumentException("mimeType must look like type/subtype, got " + mimeType);
        }
        if (value == null) {
            throw new IllegalArgumentException("value for " + mimeType + " must not be null");
        }
        data.put(mimeType, value);
    }

    public String getDisplayId() {
        return displayId;
    }

    public boolean hasDisplayId() {
        return displayId != null;
    }

    public void setDisplayId(String id) {
        this.displayId = id;
    }

    /** The whole bundle; the kernel shows a cell value through this method. */
    public Map<String, String> mimeBundle() {
        return Collections.unmodifiableMap(data);
    }

    @Override
    public String toString() {
        String text = data.get("text/plain");
        return text != null ? text : "RenderedData" + data.keySet();
    }
}
