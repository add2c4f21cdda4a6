package com.example.hellofx;

import io.loopfx.core.Async;
import io.loopfx.core.LoopFuture;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Runs headless on Monocle (see the surefire configuration in pom.xml): no display needed. */
class HelloAppTest {

    @BeforeAll
    static void startJavaFx() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        assertTrue(started.await(30, TimeUnit.SECONDS), "the JavaFX toolkit did not start");
    }

    @Test
    void aClickShowsTheCountAndTheButtonIsDisabledMeanwhile() throws Exception {
        // The test's steps run as a task of the FX loop, so it drives the UI the way the application does.
        List<String> seen = FxEventLoop.get().submit(() -> {
            Parent content = HelloApp.createContent();
            Button count = (Button) content.lookup("#count");
            Label answer = (Label) content.lookup("#answer");
            List<String> states = new ArrayList<>();
            LoopFuture<Void> answered = FxEventLoop.get().createFuture();
            answer.textProperty().addListener((property, before, text) -> {
                states.add(text + (count.isDisabled() ? " [button disabled]" : ""));
                if (text.startsWith("There are")) answered.setResult(null);
            });
            count.fire();                                               // as a click does
            Async.waitFor(answered, Duration.ofSeconds(30));
            states.add(count.isDisabled() ? "button still disabled" : "button enabled again");
            return states;
        }).get(60, TimeUnit.SECONDS);
        assertEquals(List.of(
                "Thinking... [button disabled]",
                "Counting on a worker thread... [button disabled]",
                "There are 348513 primes below 5000000. [button disabled]",
                "button enabled again"), seen);
    }

    @Test
    void theSieveCounts() {
        assertEquals(25, HelloApp.countPrimesBelow(100));
    }
}
