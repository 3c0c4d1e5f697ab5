package dev.rke2metrics.sample;

import java.util.LinkedHashMap;
import java.util.Map;

/** Just enough JSON for flat records: objects of strings, numbers, booleans and nulls. */
final class Json {
    private Json() {
    }

    static String object(Map<String, ?> fields) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(quote(e.getKey())).append(':');
            Object v = e.getValue();
            b.append(v == null ? "null" : v instanceof Number || v instanceof Boolean ? v.toString() : quote(v.toString()));
        }
        return b.append('}').toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    /** Parses one flat object; values are String, Long, Double, Boolean or null. */
    static Map<String, Object> parseObject(String text) {
        Parser p = new Parser(text);
        Map<String, Object> out = new LinkedHashMap<>();
        p.expect('{');
        if (!p.tryConsume('}')) {
            do {
                String key = p.string();
                p.expect(':');
                out.put(key, p.value());
            } while (p.tryConsume(','));
            p.expect('}');
        }
        p.end();
        return out;
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean tryConsume(char c) {
            skip();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!tryConsume(c)) {
                throw error("'" + c + "' expected");
            }
        }

        void end() {
            skip();
            if (i != s.length()) {
                throw error("trailing characters");
            }
        }

        Object value() {
            skip();
            if (i >= s.length()) {
                throw error("value expected");
            }
            char c = s.charAt(i);
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String num = s.substring(start, i);
            try {
                return num.matches("-?\\d+") ? (Object) Long.valueOf(num) : (Object) Double.valueOf(num);
            } catch (NumberFormatException e) {
                throw error("bad value");
            }
        }

        String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        break;
                    }
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': b.append('\n'); break;
                        case 'r': b.append('\r'); break;
                        case 't': b.append('\t'); break;
                        case 'b': b.append('\b'); break;
                        case 'f': b.append('\f'); break;
                        case 'u':
                            if (i + 4 > s.length()) {
                                throw error("bad escape");
                            }
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                            break;
                        default: b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            throw error("unterminated string");
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad JSON at " + i + ": " + what);
        }
    }
}
