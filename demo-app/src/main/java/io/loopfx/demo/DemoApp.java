package io.loopfx.demo;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The loopfx demo application (a placeholder window until the demo lands). */
public final class DemoApp extends Application {
    /** Creates the application; JavaFX calls this. */
    public DemoApp() {
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("loopfx demo");
        stage.setScene(new Scene(new Label("loopfx demo"), 480, 320));
        stage.show();
    }

    /**
     * Launches the demo.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        launch(args);
    }
}
