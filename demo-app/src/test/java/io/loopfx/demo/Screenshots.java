package io.loopfx.demo;

import javafx.geometry.Rectangle2D;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Window;
import org.testfx.api.FxRobot;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saves screen captures of the demo window as PNG files (for docs/demo.md). */
final class Screenshots {
    private Screenshots() {
    }

    /** Resolves {@code dir} against the repository root (the tests run in demo-app/) and creates it. */
    static Path folder(String dir) throws IOException {
        Path p = Path.of(dir);
        if (!p.isAbsolute()) {
            Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            while (root != null && !Files.isDirectory(root.resolve("loop-core"))) root = root.getParent();
            p = (root == null ? Path.of("") : root).resolve(dir);
        }
        return Files.createDirectories(p);
    }

    /** Captures the screen under the demo's main window (dialogs above it included) to {@code DIR/demo-NAME.png}. */
    static void save(FxRobot robot, String name, Path dir) throws Exception {
        robot.sleep(300); // let the last layout pass reach the screen
        Rectangle2D bounds = DemoEndToEndTest.onFx(() -> {
            Window w = robot.listTargetWindows().stream().filter(x -> x.getScene() != null
                    && x.getScene().lookup("#tabs") != null).findFirst().orElseThrow();
            return new Rectangle2D(w.getX(), w.getY(), w.getWidth(), w.getHeight());
        });
        Image image = robot.capture(bounds).getImage();
        ImageIO.write(toBuffered(image), "png", dir.resolve("demo-" + name + ".png").toFile());
    }

    private static BufferedImage toBuffered(Image image) {
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) out.setRGB(x, y, pixels.getArgb(x, y));
        }
        return out;
    }
}
