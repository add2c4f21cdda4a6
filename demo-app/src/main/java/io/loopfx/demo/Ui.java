package io.loopfx.demo;

import javafx.animation.Animation;
import javafx.animation.Interpolator;
import javafx.animation.RotateTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.util.Duration;

/** Small layout helpers shared by the tabs, so every tab looks the same. */
public final class Ui {
    private Ui() {
    }

    /**
     * Returns a tab's heading: a title and a sentence on what the tab shows.
     *
     * @param title       the title
     * @param description what the tab demonstrates
     * @return the heading node
     */
    public static Node header(String title, String description) {
        Label t = new Label(title);
        t.getStyleClass().add("tab-title");
        Label d = new Label(description);
        d.setWrapText(true);
        d.getStyleClass().add("tab-description");
        VBox box = new VBox(4, t, d);
        box.setPadding(new Insets(0, 0, 10, 0));
        return box;
    }

    /**
     * Lays a tab out: the heading on top, {@code content} below, with the demo's padding.
     *
     * @param pane        the tab's root
     * @param title       the title
     * @param description what the tab demonstrates
     * @param content     the tab's controls
     */
    public static void layout(BorderPane pane, String title, String description, Node content) {
        pane.setTop(header(title, description));
        pane.setCenter(content);
        pane.setPadding(new Insets(14));
    }

    /** The most lines a log view keeps: a window left open for hours must not grow without bound (the soak). */
    static final int LOG_LINES = 500;

    /**
     * Appends a line to a log view, drops the oldest beyond {@value #LOG_LINES} lines, and keeps the newest line
     * visible.
     *
     * @param log  the view
     * @param line the line
     */
    public static void append(ListView<String> log, String line) {
        log.getItems().add(line);
        if (log.getItems().size() > LOG_LINES) log.getItems().remove(0, log.getItems().size() - LOG_LINES);
        log.scrollTo(log.getItems().size() - 1);
    }

    /**
     * Returns a square that spins forever, driven by a JavaFX animation: if the FX thread were blocked, it
     * would visibly stop. Put it last in a row ({@link HBox}): it takes the row's free width and spins at its
     * right end, so it stays put while a label before it changes width.
     *
     * @return the spinning node (style class {@code spinning-square}; Modena styles {@code spinner} as a control)
     */
    public static Node spinner() {
        Rectangle square = new Rectangle(24, 24, Color.CORNFLOWERBLUE);
        square.setArcWidth(6);
        square.setArcHeight(6);
        RotateTransition spin = new RotateTransition(Duration.seconds(1.5), square);
        spin.setByAngle(360);
        spin.setInterpolator(Interpolator.LINEAR);
        spin.setCycleCount(Animation.INDEFINITE);
        spin.play();
        StackPane place = new StackPane(square);
        place.getStyleClass().add("spinning-square");
        place.setAlignment(Pos.CENTER_RIGHT);
        place.setPadding(new Insets(0, 6, 0, 6)); // room for the corners while it turns
        place.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(place, Priority.ALWAYS);
        return place;
    }

    /**
     * Returns a count with its noun: {@code "1 result"}, {@code "0 results"}, {@code "12 results"}.
     *
     * @param count  how many
     * @param noun   the noun in the singular; the plural adds an "s"
     * @return the count and the noun
     */
    public static String count(long count, String noun) {
        return count + " " + (count == 1 ? noun : noun + "s");
    }
}
