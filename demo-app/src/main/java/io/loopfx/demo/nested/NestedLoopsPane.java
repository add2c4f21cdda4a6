package io.loopfx.demo.nested;

import io.loopfx.demo.Ui;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;

/** The Nested loops tab (placeholder until the harness lands). */
public final class NestedLoopsPane extends BorderPane {
    /** Creates the tab. FX thread. */
    public NestedLoopsPane() {
        Ui.layout(this, "Nested loops", "The harness catalogue will be shown here.", new Label(""));
    }
}
