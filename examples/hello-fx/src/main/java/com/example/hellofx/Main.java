package com.example.hellofx;

import javafx.application.Application;

/**
 * The entry point. A class that does not extend {@link Application}, so that the application also starts when
 * JavaFX is on the class path ({@code java -jar}); with JavaFX on the module path either class would do.
 */
public final class Main {
    private Main() {
    }

    /**
     * Launches {@link HelloApp}.
     *
     * @param args passed on to the application ({@code --smoke}: click once, print the answer, exit)
     */
    public static void main(String[] args) {
        Application.launch(HelloApp.class, args);
    }
}
