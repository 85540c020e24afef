package scoremodels.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code %load} line magic, with JJava's syntax: {@code %load FILE} runs a {@code .jsh},
 * {@code .jshell} or {@code .java} file's code (or the code cells of an {@code .ipynb}) as if
 * it were in the cell, magics included. A relative path is taken from the notebook's folder:
 * Jupyter starts a kernel in the folder of the notebook it runs.
 */
final class LoadMagic {
    private LoadMagic() {
    }

    /** The file that the magic's arguments name, checked to exist. */
    static Path file(String arguments, Path base) throws IOException {
        List<String> words = ClasspathMagic.words(arguments);
        if (words.size() != 1) {
            throw new IllegalArgumentException("%load takes one file, got " + (words.isEmpty() ? "none" : words));
        }
        String name = words.get(0);
        String expanded = name.startsWith("~/") ? System.getProperty("user.home") + name.substring(1) : name;
        Path file = base.resolve(expanded).normalize();
        if (!Files.isRegularFile(file)) {
            throw new IOException("%load: no file " + name + " (looked for " + file + ")");
        }
        return file;
    }

    /** The code to run: the file itself, or the code cells of a notebook one after another. */
    static String code(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!file.getFileName().toString().endsWith(".ipynb")) {
            return text;
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw new IOException("%load: " + file + " is not a notebook (JSON): " + e.getMessage());
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("cells")) {
            throw new IOException("%load: " + file + " is not a notebook: it has no cells");
        }
        StringBuilder code = new StringBuilder();
        for (JsonElement c : root.getAsJsonObject().getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (!"code".equals(cell.has("cell_type") ? cell.get("cell_type").getAsString() : "")) {
                continue;
            }
            JsonElement source = cell.get("source");
            if (source != null && source.isJsonArray()) {
                for (JsonElement line : (JsonArray) source) {
                    code.append(line.getAsString());
                }
            } else if (source != null) {
                code.append(source.getAsString());
            }
            code.append('\n');
        }
        return code.toString();
    }
}
