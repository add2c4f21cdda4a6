package io.loopfx.demo.search;

import io.loopfx.core.Async;
import io.loopfx.fx.FxEventLoop;
import io.loopfx.test.FxLoopTest;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Search tab's debounce on the FX loop's virtual clock ({@code @FxLoopTest(virtualClock = true)}): the pane's
 * own tasks sleep on the test's clock, so the debounce is checked to the millisecond and takes no real time. The
 * source answers at once, on the FX thread (a direct executor), and notes the loop time of each query.
 */
class SearchPaneTest {
    private final List<String> asked = new ArrayList<>(); // FX thread
    private long t0;

    private SearchPane pane(FxEventLoop loop) {
        t0 = loop.time();
        return new SearchPane(query -> {
            asked.add(query + " at " + Duration.ofNanos(loop.time() - t0).toMillis() + " ms");
            return List.of(query + "Map", query + "Set");
        }, Runnable::run);
    }

    private static TextField field(SearchPane pane) {
        return (TextField) pane.lookup("#search-field");
    }

    @FxLoopTest(virtualClock = true)
    void typingFasterThanTheDebounceSearchesOnlyTheLastQuery(FxEventLoop loop) {
        SearchPane pane = pane(loop);
        Duration keystroke = SearchPane.DEBOUNCE.minusMillis(1); // each keystroke comes just before the wait ends
        for (String text : List.of("c", "co", "con", "conc")) {
            field(pane).setText(text);
            Async.sleep(keystroke);
        }
        Async.sleep(Duration.ofSeconds(1));
        long last = 3 * keystroke.toMillis() + SearchPane.DEBOUNCE.toMillis();
        assertEquals(List.of("conc at " + last + " ms"), asked);
        assertEquals("2 results for 'conc'", ((Label) pane.lookup("#search-status")).getText());
        assertEquals(List.of("concMap", "concSet"), List.copyOf(((ListView<?>) pane.lookup("#search-results")).getItems()));
    }

    @FxLoopTest(virtualClock = true)
    void aPauseJustLongerThanTheDebounceStartsASearch(FxEventLoop loop) {
        SearchPane pane = pane(loop);
        Duration pause = SearchPane.DEBOUNCE.plusMillis(1);
        field(pane).setText("c");
        Async.sleep(pause);
        field(pane).setText("co");
        Async.sleep(Duration.ofSeconds(1));
        long debounce = SearchPane.DEBOUNCE.toMillis();
        assertEquals(List.of("c at " + debounce + " ms", "co at " + (pause.toMillis() + debounce) + " ms"), asked);
        assertEquals("2 results for 'co'", ((Label) pane.lookup("#search-status")).getText());
    }
}
