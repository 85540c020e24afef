package scoremodels.kernel;

import java.util.List;

/** Why a cell stopped: the error name, value and traceback lines that the notebook shows. */
final class CellFailure extends Exception {
    private final String name;
    private final List<String> traceback;

    CellFailure(String name, String value, List<String> traceback) {
        super(value, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    String name() {
        return name;
    }

    String value() {
        return getMessage();
    }

    List<String> traceback() {
        return traceback;
    }
}
