package scoremodels.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import scoremodels.display.TableView;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tablesaw tables as notebook HTML: escaped cells, head and tail of long tables. */
class TableViewTest {
    private static Table table(int rows) {
        double[] t = new double[rows];
        String[] label = new String[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = i * 0.5;
            label[i] = i == 0 ? "<b>a & \"b\"</b>" : "row" + i;
        }
        return Table.create("levels", DoubleColumn.create("t", t), StringColumn.create("label", label));
    }

    @Test
    void longTablesShowHeadAndTail() {
        TableView v = TableView.of(table(100));
        String html = v.html();
        assertTrue(html.contains("<td>row9</td>"), "head");
        assertTrue(html.contains("<td>row99</td>"), "tail");
        assertFalse(html.contains("<td>row50</td>"), "middle is cut");
        assertTrue(html.contains("… 80 more rows"));
        assertEquals(20 + 1, html.split("<tr><th>", -1).length - 1, "20 data rows (and the header)");
        assertTrue(v.text().contains("… 80 more rows"));
        assertTrue(v.text().contains("[100 rows x 2 columns]"));
    }

    @Test
    void cellsAreEscaped() {
        Map<String, String> b = TableView.of(table(3)).mimeBundle();
        String html = b.get("text/html");
        assertTrue(html.contains("&lt;b&gt;a &amp; &quot;b&quot;&lt;/b&gt;"), html);
        assertFalse(html.contains("<b>a"));
        assertFalse(html.contains("more rows"));
        assertTrue(b.get("text/plain").contains("<b>a & \"b\"</b>"), "text stays as it is");
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> TableView.of(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableView.of(table(3), 1));
        assertTrue(e.getMessage().contains("maxRows"));
    }
}
