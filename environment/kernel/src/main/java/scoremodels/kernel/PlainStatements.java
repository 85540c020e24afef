package scoremodels.kernel;

import java.util.Set;

/**
 * A quick look at cell code that finds plain statements: "x += 1;", "list.add(v);",
 * "for (...) {...}", "if (...) {...} else {...}" (statements that declare nothing and show no
 * value). Runs of them can be compiled as one block instead of one JShell snippet each, which is
 * what makes a cell of thousands of short lines quick. It only has to be right about what it
 * accepts: anything it is unsure of goes to JShell's own analysis, and a block that does not
 * compile is run again snippet by snippet.
 */
final class PlainStatements {
    private static final Set<String> STATEMENT_WORDS = Set.of(
            "if", "for", "while", "do", "switch", "try", "synchronized", "throw", "assert");
    /** Words after a closing brace that continue the statement ("} else {", "} while (...);"). */
    private static final Set<String> CONTINUATIONS = Set.of("else", "catch", "finally", "while");
    private static final Set<String> NOT_AN_EXPRESSION_START = Set.of(
            "abstract", "boolean", "byte", "char", "class", "double", "enum", "final", "float", "int",
            "interface", "long", "native", "private", "protected", "public", "short", "static", "strictfp",
            "transient", "void", "volatile", "import", "package", "return", "break", "continue", "yield",
            "case", "default", "else", "catch", "finally", "new", "var", "record", "sealed", "non");

    private PlainStatements() {
    }

    /**
     * Where the plain statement that starts at {@code from} (after blanks and comments) ends, or
     * -1 when the code there is not a plain statement this reader is sure of.
     */
    static int end(String code, int from) {
        Lexer lx = new Lexer(code, from);
        String first = lx.next();
        if (first == null) {
            return -1;
        }
        boolean keywordStatement = STATEMENT_WORDS.contains(first) || first.equals("{");
        if (!keywordStatement) {
            if (!(isIdentifier(first) || first.equals("this") || first.equals("super"))
                    || NOT_AN_EXPRESSION_START.contains(first) || declares(code, from)) {
                return -1;
            }
        }
        int depth = 0;
        boolean doWhile = false;
        Lexer scan = new Lexer(code, from);
        for (String t = scan.next(); t != null; t = scan.next()) {
            switch (t) {
                case "(": case "[": case "{":
                    depth++;
                    break;
                case ")": case "]":
                    depth--;
                    break;
                case "}":
                    depth--;
                    if (depth == 0 && !keywordStatement) {
                        return -1; // "label: for (...) {...}" or a switch expression: left to JShell
                    }
                    if (depth == 0) {
                        int after = scan.pos;
                        String next = new Lexer(code, after).next();
                        if (next == null || !(CONTINUATIONS.contains(next) || next.equals(";"))) {
                            // "do {...} while (c);" is not over at its brace
                            if (!first.equals("do")) {
                                return after;
                            }
                        }
                    }
                    break;
                case ";":
                    if (depth == 0 && !(first.equals("do") && !doWhile)) {
                        int after = scan.pos;
                        if (!(keywordStatement && "else".equals(new Lexer(code, after).next()))) {
                            return after;
                        }
                    }
                    break;
                case "while":
                    if (depth == 0 && first.equals("do")) {
                        doWhile = true;
                    }
                    break;
                default:
                    if (t.equals("\u0000")) {
                        return -1; // an unterminated literal or comment
                    }
            }
            if (depth < 0) {
                return -1;
            }
        }
        return -1;
    }

    /** "Type name ..." at the start: a declaration (Type: a.b.C, with &lt;...&gt; and [] after it). */
    private static boolean declares(String code, int from) {
        Lexer lx = new Lexer(code, from);
        String t = lx.next();
        if (!isIdentifier(t)) {
            return false;
        }
        t = lx.next();
        while (".".equals(t)) {
            t = lx.next();
            if (!isIdentifier(t)) {
                return false;
            }
            t = lx.next();
        }
        if ("<".equals(t)) {
            int angle = 1;
            while (angle > 0) {
                t = lx.next();
                if (t == null || t.equals(";") || t.equals("(") || t.equals(")") || t.equals("=")) {
                    return false; // "a < b" was a comparison after all
                }
                if (t.equals("<")) {
                    angle++;
                } else if (t.equals(">")) {
                    angle--;
                } else if (t.equals(">>")) {
                    angle -= 2;
                } else if (t.equals(">>>")) {
                    angle -= 3;
                }
            }
            t = lx.next();
        }
        while ("[".equals(t)) {
            if (!"]".equals(lx.next())) {
                return false;
            }
            t = lx.next();
        }
        return isIdentifier(t) || "@".equals(t) || "...".equals(t);
    }

    static boolean isIdentifier(String t) {
        if (t == null || t.isEmpty() || !Character.isJavaIdentifierStart(t.codePointAt(0))) {
            return false;
        }
        return !t.equals("true") && !t.equals("false") && !t.equals("null") && !t.equals("instanceof");
    }

    /** Java tokens, enough to tell brackets, semicolons and words apart; comments and literals skipped. */
    private static final class Lexer {
        private final String s;
        int pos;

        Lexer(String s, int pos) {
            this.s = s;
            this.pos = pos;
        }

        /** The next token; a literal comes back as "\0lit", an unterminated one as "\0"; null at the end. */
        String next() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (s.startsWith("//", pos)) {
                    int nl = s.indexOf('\n', pos);
                    pos = nl < 0 ? s.length() : nl + 1;
                } else if (s.startsWith("/*", pos)) {
                    int close = s.indexOf("*/", pos + 2);
                    if (close < 0) {
                        pos = s.length();
                        return "\u0000";
                    }
                    pos = close + 2;
                } else {
                    break;
                }
            }
            if (pos >= s.length()) {
                return null;
            }
            char c = s.charAt(pos);
            if (s.startsWith("\"\"\"", pos)) {
                int close = s.indexOf("\"\"\"", pos + 3);
                while (close > 0 && s.charAt(close - 1) == '\\') {
                    close = s.indexOf("\"\"\"", close + 1);
                }
                if (close < 0) {
                    pos = s.length();
                    return "\u0000";
                }
                pos = close + 3;
                return "\u0000lit";
            }
            if (c == '"' || c == '\'') {
                int i = pos + 1;
                while (i < s.length() && s.charAt(i) != c && s.charAt(i) != '\n') {
                    i += s.charAt(i) == '\\' ? 2 : 1;
                }
                if (i >= s.length() || s.charAt(i) != c) {
                    pos = s.length();
                    return "\u0000";
                }
                pos = i + 1;
                return "\u0000lit";
            }
            int start = pos;
            if (Character.isJavaIdentifierStart(c)) {
                while (pos < s.length() && Character.isJavaIdentifierPart(s.charAt(pos))) {
                    pos++;
                }
                return s.substring(start, pos);
            }
            if (Character.isDigit(c)) {
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                        || s.charAt(pos) == '_')) {
                    pos++;
                }
                return "\u0000lit";
            }
            for (String op : new String[]{">>>", "...", ">>", "::", "->"}) {
                if (s.startsWith(op, pos)) {
                    pos += op.length();
                    return op;
                }
            }
            pos++;
            return String.valueOf(c);
        }
    }
}
