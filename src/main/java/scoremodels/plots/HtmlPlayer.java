package scoremodels.plots;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A self-contained HTML player for frames, in the spirit of matplotlib's {@code to_jshtml}:
 * every frame is a PNG data URI, a small script swaps them, and a button and a slider
 * control playback.
 *
 * <p>A notebook page can hold many players, so each gets its own element ids (a hash of the
 * frames plus a counter); the script looks up only its own elements.
 */
final class HtmlPlayer {
    private static final AtomicLong COUNTER = new AtomicLong();

    private HtmlPlayer() {
    }

    static String html(List<byte[]> pngFrames, int delayMillis, String caption) {
        String id = "scoremodels-anim-" + Integer.toHexString(hash(pngFrames)) + "-" + COUNTER.incrementAndGet();
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < pngFrames.size(); i++) {
            frames.append(i == 0 ? "\n" : ",\n").append("\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(pngFrames.get(i))).append('"');
        }
        int last = pngFrames.size() - 1;
        return "<div id=\"" + id + "\" class=\"scoremodels-anim\" style=\"display:inline-block\">\n"
                + "<img id=\"" + id + "-img\" alt=\"" + escape(caption) + "\" src=\"\" style=\"display:block\">\n"
                + "<div style=\"display:flex;align-items:center;gap:8px;font:13px sans-serif\">\n"
                + "<button id=\"" + id + "-play\" type=\"button\">Play</button>\n"
                + "<input id=\"" + id + "-slider\" type=\"range\" min=\"0\" max=\"" + last
                + "\" value=\"0\" step=\"1\" style=\"flex:1\">\n"
                + "<span id=\"" + id + "-label\">1 / " + pngFrames.size() + "</span>\n"
                + "</div>\n</div>\n"
                + "<script>\n(function () {\n"
                + "  var frames = [" + frames + "];\n"
                + "  var id = \"" + id + "\", delay = " + delayMillis + ";\n"
                + "  var img = document.getElementById(id + \"-img\");\n"
                + "  var slider = document.getElementById(id + \"-slider\");\n"
                + "  var button = document.getElementById(id + \"-play\");\n"
                + "  var label = document.getElementById(id + \"-label\");\n"
                + "  var timer = null, index = 0;\n"
                + "  function show(i) {\n"
                + "    index = i; img.src = frames[i]; slider.value = i;\n"
                + "    label.textContent = (i + 1) + \" / \" + frames.length;\n"
                + "  }\n"
                + "  function stop() { clearInterval(timer); timer = null; button.textContent = \"Play\"; }\n"
                + "  function play() {\n"
                + "    if (index === frames.length - 1) { show(0); }\n"
                + "    button.textContent = \"Pause\";\n"
                + "    timer = setInterval(function () {\n"
                + "      if (index + 1 < frames.length) { show(index + 1); } else { stop(); }\n"
                + "    }, delay);\n"
                + "  }\n"
                + "  button.onclick = function () { if (timer) { stop(); } else { play(); } };\n"
                + "  slider.oninput = function () { stop(); show(parseInt(slider.value, 10)); };\n"
                + "  show(0);\n"
                + "})();\n</script>\n";
    }

    /** A whole page around the player, for saving to a file. */
    static String page(String player, String title) {
        return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n</head>\n<body>\n" + player + "</body>\n</html>\n";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static int hash(List<byte[]> frames) {
        int h = 17;
        for (byte[] f : frames) {
            h = 31 * h + java.util.Arrays.hashCode(f);
        }
        return h;
    }
}
