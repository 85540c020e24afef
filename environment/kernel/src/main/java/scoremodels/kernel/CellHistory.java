package scoremodels.kernel;

import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cells this kernel has run with store_history, for history_request: "tail" (the last n),
 * "range" (cells start to stop-1 since the kernel started) and "search" (a glob with * and ?, as IPython's).
 * Kept in memory: a restarted kernel starts a new, empty session.
 */
final class CellHistory {
    /** The number history replies give this kernel run (the spec calls it a session); 0 in a request also means this run. */
    static final int SESSION = 1;

    static final class Entry {
        final int count;
        final String input;
        final String output;

        Entry(int count, String input, String output) {
            this.count = count;
            this.input = input;
            this.output = output;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int count, String input, String output) {
        entries.add(new Entry(count, input, output));
    }

    synchronized List<Entry> select(HistoryRequest request) {
        switch (request.getAccessType()) {
            case TAIL:
                return last(entries, ((HistoryRequest.Tail) request).getMaxReturnLength());
            case RANGE: {
                HistoryRequest.Range r = (HistoryRequest.Range) request;
                List<Entry> found = new ArrayList<>();
                if (r.getSessionIndex() != 0 && r.getSessionIndex() != SESSION) {
                    return found;
                }
                for (Entry e : entries) {
                    if (e.count >= r.getStart() && (r.getStop() <= 0 || e.count < r.getStop())) {
                        found.add(e);
                    }
                }
                return found;
            }
            case SEARCH: {
                HistoryRequest.Search s = (HistoryRequest.Search) request;
                Pattern glob = glob(s.getPattern() == null ? "*" : s.getPattern());
                List<Entry> found = new ArrayList<>();
                Set<String> inputs = new LinkedHashSet<>();
                for (int i = entries.size() - 1; i >= 0; i--) {
                    Entry e = entries.get(i);
                    if (glob.matcher(e.input).matches() && (!s.filterUnique() || inputs.add(e.input))) {
                        found.add(0, e);
                    }
                }
                return last(found, s.getMaxReturnLength());
            }
            default:
                return List.of();
        }
    }

    private static List<Entry> last(List<Entry> list, int n) {
        if (n <= 0 || n >= list.size()) {
            return new ArrayList<>(list);
        }
        return new ArrayList<>(list.subList(list.size() - n, list.size()));
    }

    /** A shell glob (* any text, ? one character) as a regex over the whole input. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
