package scoremodels.kernel;

import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellHistoryTest {
    private static List<Integer> counts(List<CellHistory.Entry> entries) {
        return entries.stream().map(e -> e.count).collect(Collectors.toList());
    }

    private static CellHistory fourCells() {
        CellHistory h = new CellHistory();
        h.add(1, "int a = 1;", null);
        h.add(2, "a + 1", "2");
        h.add(3, "int b = a;", null);
        h.add(4, "a + 1", "2");
        return h;
    }

    @Test
    void tailGivesTheLastN() {
        assertEquals(List.of(3, 4), counts(fourCells().select(new HistoryRequest.Tail(false, true, 2))));
        assertEquals(List.of(1, 2, 3, 4), counts(fourCells().select(new HistoryRequest.Tail(false, true, 10))));
    }

    @Test
    void rangeIsStartToStopExclusiveInThisSession() {
        assertEquals(List.of(2, 3), counts(fourCells().select(new HistoryRequest.Range(false, true, 0, 2, 4))));
        assertEquals(List.of(2, 3), counts(fourCells().select(new HistoryRequest.Range(false, true, CellHistory.SESSION, 2, 4))));
        assertEquals(List.of(), counts(fourCells().select(new HistoryRequest.Range(false, true, 7, 1, 4))));
    }

    @Test
    void searchMatchesAGlobAndCanKeepOnlyTheLatestOfEachInput() {
        assertEquals(List.of(1, 3), counts(fourCells().select(new HistoryRequest.Search(false, true, 10, "int *", false))));
        assertEquals(List.of(2, 4), counts(fourCells().select(new HistoryRequest.Search(false, true, 10, "a?+ 1", false))));
        assertEquals(List.of(4), counts(fourCells().select(new HistoryRequest.Search(false, true, 10, "a + 1", true))));
    }
}
