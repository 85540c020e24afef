package scoremodels.display;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * A Tablesaw table as a notebook shows it: an HTML table (text/html) and aligned text
 * (text/plain). Long tables show their first and last rows with a "… N more rows" line
 * between, like pandas does.
 */
public final class TableView implements MimeBundle {
    static {
        Display.registerWithKernel();
    }

    /** Rows shown before a table is cut to head and tail. */
    public static final int DEFAULT_MAX_ROWS = 20;

    private final Table table;
    private final int maxRows;

    private TableView(Table table, int maxRows) {
        this.table = table;
        this.maxRows = maxRows;
    }

    public static TableView of(Table table) {
        return of(table, DEFAULT_MAX_ROWS);
    }

    /** A view showing at most {@code maxRows} rows (at least 2: one head, one tail). */
    public static TableView of(Table table, int maxRows) {
        if (table == null) {
            throw new IllegalArgumentException("table must not be null");
        }
        if (maxRows < 2) {
            throw new IllegalArgumentException("maxRows must be at least 2, got " + maxRows);
        }
        return new TableView(table, maxRows);
    }

    /** Indices of the rows shown; -1 marks where the hidden rows are. */
    private List<Integer> shownRows() {
        int n = table.rowCount();
        List<Integer> rows = new ArrayList<>();
        if (n <= maxRows) {
            for (int r = 0; r < n; r++) {
                rows.add(r);
            }
            return rows;
        }
        int head = (maxRows + 1) / 2;
        int tail = maxRows - head;
        for (int r = 0; r < head; r++) {
            rows.add(r);
        }
        rows.add(-1);
        for (int r = n - tail; r < n; r++) {
            rows.add(r);
        }
        return rows;
    }

    private int hiddenRows() {
        return Math.max(0, table.rowCount() - maxRows);
    }

    public String html() {
        StringBuilder b = new StringBuilder("<table class=\"scoremodels-table\">\n");
        String name = table.name();
        if (name != null && !name.isEmpty()) {
            b.append("<caption>").append(escape(name)).append("</caption>\n");
        }
        b.append("<thead><tr><th></th>");
        for (String c : table.columnNames()) {
            b.append("<th>").append(escape(c)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        int cols = table.columnCount();
        for (int r : shownRows()) {
            if (r < 0) {
                b.append("<tr><td colspan=\"").append(cols + 1).append("\" style=\"text-align:center\">… ")
                        .append(hiddenRows()).append(" more rows</td></tr>\n");
                continue;
            }
            b.append("<tr><th>").append(r).append("</th>");
            for (int c = 0; c < cols; c++) {
                b.append("<td>").append(escape(table.column(c).getString(r))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n<p>").append(table.rowCount()).append(" rows × ").append(cols)
                .append(" columns</p>\n");
        return b.toString();
    }

    public String text() {
        List<Integer> rows = shownRows();
        int cols = table.columnCount();
        String[][] cells = new String[rows.size() + 1][cols + 1];
        cells[0][0] = "";
        for (int c = 0; c < cols; c++) {
            cells[0][c + 1] = table.column(c).name();
        }
        for (int i = 0; i < rows.size(); i++) {
            int r = rows.get(i);
            cells[i + 1][0] = r < 0 ? "…" : Integer.toString(r);
            for (int c = 0; c < cols; c++) {
                cells[i + 1][c + 1] = r < 0 ? "…" : table.column(c).getString(r);
            }
        }
        int[] width = new int[cols + 1];
        for (String[] row : cells) {
            for (int c = 0; c <= cols; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : cells) {
            for (int c = 0; c <= cols; c++) {
                b.append(c == 0 ? "" : "  ").append(" ".repeat(width[c] - row[c].length())).append(row[c]);
            }
            b.append('\n');
        }
        if (hiddenRows() > 0) {
            b.append("… ").append(hiddenRows()).append(" more rows\n");
        }
        b.append('[').append(table.rowCount()).append(" rows x ").append(cols).append(" columns]");
        return b.toString();
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/html", html());
        m.put("text/plain", text());
        return m;
    }

    @Override
    public String toString() {
        return text();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
