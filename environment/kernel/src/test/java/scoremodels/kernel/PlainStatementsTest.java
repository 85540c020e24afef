package scoremodels.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlainStatementsTest {
    private static String first(String code) {
        int end = PlainStatements.end(code, 0);
        return end < 0 ? null : code.substring(0, end);
    }

    @Test
    void expressionStatementsEndAtTheirSemicolon() {
        assertEquals("x += 1;", first("x += 1;\ny++;"));
        assertEquals("System.out.println(\"a;b\");", first("System.out.println(\"a;b\");\nz();"));
        assertEquals("list.forEach(v -> { total += v; });", first("list.forEach(v -> { total += v; });\nq();"));
        assertEquals("a[i] = 2;", first("a[i] = 2; // done\nb();"));
    }

    @Test
    void keywordStatementsTakeTheirElseCatchAndWhile() {
        assertEquals("if (a) {\n x();\n}\nelse {\n y();\n}", first("if (a) {\n x();\n}\nelse {\n y();\n}\nz();"));
        assertEquals("if (a) x(); else y();", first("if (a) x(); else y();\nz();"));
        assertEquals("try { f(); } catch (Exception e) { g(); } finally { h(); }",
                first("try { f(); } catch (Exception e) { g(); } finally { h(); }\nk();"));
        assertEquals("do { n--; } while (n > 0);", first("do { n--; } while (n > 0);\nk();"));
        assertEquals("for (int i = 0; i < 3; i++) { s += i; }", first("for (int i = 0; i < 3; i++) { s += i; }\nk();"));
    }

    @Test
    void declarationsValuesAndAnythingUnsureAreLeftToJShell() {
        for (String code : new String[]{
                "int a = 1;", "String s = \"x\";", "List<String> l = new ArrayList<>();", "Map<String, List<Integer>> m = null;",
                "String[] words = {};", "var v = 3;", "final int f = 2;", "void m() { }", "class C { }", "record R(int a) { }",
                "a + b", "x += 1", "outer: for (;;) { break outer; }", "return;", "new Thread().start();",
                "s = \"unterminated;", "/* open comment", "@Deprecated int d;", "import java.util.*;"}) {
            assertEquals(null, first(code), code);
        }
    }

    @Test
    void comparisonsAndGenericCallsAreStatementsNotDeclarations() {
        assertEquals("check(a < b, c > d);", first("check(a < b, c > d);"));
        assertEquals("Collections.<String>emptyList();", first("Collections.<String>emptyList();"));
    }
}
