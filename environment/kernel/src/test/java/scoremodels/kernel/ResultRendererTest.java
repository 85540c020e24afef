package scoremodels.kernel;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultRendererTest {
    public static final class Chart {
        public Map<String, String> mimeBundle() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("image/gif", "R0lG");
            return m;
        }

        @Override
        public String toString() {
            return "Chart";
        }
    }

    public static final class Table {
        public String toHtml() {
            return "<table></table>";
        }

        @Override
        public String toString() {
            return "Table";
        }
    }

    @Test
    void imagesBecomePng() {
        Map<String, String> b = ResultRenderer.render(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));
        byte[] png = Base64.getDecoder().decode(b.get("image/png"));
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        assertEquals("<image 3x2>", b.get("text/plain"));
    }

    @Test
    void ownBundleIsUsedAndGetsText() {
        assertEquals(Map.of("image/gif", "R0lG", "text/plain", "Chart"), ResultRenderer.render(new Chart()));
    }

    @Test
    void htmlMethodGivesHtml() {
        assertEquals(Map.of("text/html", "<table></table>", "text/plain", "Table"), ResultRenderer.render(new Table()));
    }

    @Test
    void everythingElseIsText() {
        assertEquals(Map.of("text/plain", "[1, 2]"), ResultRenderer.render(List.of(1, 2)));
        assertEquals(Map.of("text/plain", "[1.5, 2.0]"), ResultRenderer.render(new double[]{1.5, 2}));
        assertEquals(Map.of("text/plain", "null"), ResultRenderer.render(null));
    }

    @Test
    void renderAsKeepsAskedTypesAndLetsStringsBeAnyText() {
        assertEquals(Map.of("text/html", "<i>x</i>"), ResultRenderer.renderAs("<i>x</i>", "text/html"));
        assertEquals(Map.of("text/html", "<table></table>"), ResultRenderer.renderAs(new Table(), "text/html"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultRenderer.renderAs(new Table(), "image/png"));
        assertTrue(e.getMessage().contains("mimeTypes [image/png]"), e.getMessage());
    }
}
