package io.loopfx.harness;

import java.util.List;
import java.util.NoSuchElementException;

import static io.loopfx.harness.Expectation.clearError;
import static io.loopfx.harness.Expectation.completed;

/** The scenarios of the nested-loop harness, in the order of docs/nested-loops.md. */
public final class Catalogue {
    private static final List<Scenario> ALL = List.of(
            shared("1", "runUntilComplete from a button handler while tasks and timers run",
                    "The application's main loop is runForever() (how Quamash applications run). A button handler "
                            + "blocks in runUntilComplete(f) while a task ticks on a 1 ms timer; the third tick completes "
                            + "f; the handler then quits the main loop with stop().",
                    completed("done after 3 ticks"), NestingScenarios::handlerWhileTasksRun),
            shared("2", "runUntilComplete called from inside a running task",
                    "Task 'saver' holds a lock and calls runUntilComplete(writer); the writer task needs the lock.",
                    clearError("inside task", "Async.await"), NestingScenarios::insideATask),
            shared("3", "Two nested runUntilComplete calls whose futures complete out of order",
                    "A handler blocks on 'outer'; a second click blocks on 'inner' inside it. The outer future "
                            + "completes first, the inner one in a later FX event.",
                    completed("inner=two, outer=one"), NestingScenarios::outOfOrder),
            shared("4", "Back-to-back runUntilComplete calls",
                    "A callback completes the first call's future and the next callback at once enters a second "
                            + "call (leave a nested loop, enter the next: JDK-8285893); then three calls one after "
                            + "another in the same handler.",
                    completed("first=a, second=b, then 0,1,2"), NestingScenarios::backToBack),
            shared("5", "showAndWait inside a task while another task ticks on a timer",
                    "Task 'ask', resumed by a timer, calls showAndWait(); task 'ticker', started when the dialog "
                            + "shows, ticks every 1 ms and closes the dialog on its third tick.",
                    completed("dialog closed after 3 ticks of the other task"), DialogScenarios::showAndWaitInATask),
            shared("6", "await from an FX handler running inside a nested loop that a task entered",
                    "Task 'owner' calls showAndWait(); inside the dialog's nested loop the dialog's button is "
                            + "clicked and its action handler calls Async.await(future).",
                    clearError("nested event loop", "start a task"), DialogScenarios::awaitFromAHandlerInANestedLoop),
            shared("7", "stop() while a nested runUntilComplete is open",
                    "A handler blocks in runUntilComplete(save); a callback calls stop(); a later FX event lets 'save' "
                            + "finish.",
                    completed("saved"), NestingScenarios::stopWhileNested),
            own("8a", "Platform.exit() with tasks pending and a nested call open (Platform.startup)",
                    "Toolkit started with Platform.startup. " + ExitScenarios.PENDING + " tasks wait forever; a "
                            + "handler blocks in runUntilComplete(work) and 'work' calls Platform.exit().",
                    clearError("exiting"), ExitScenarios::startupThenExit),
            own("8b", "Platform.exit() with tasks pending and a nested call open (Application.launch)",
                    "As 8a, with the toolkit started by Application.launch.",
                    clearError("exiting"), ExitScenarios::launchThenExit),
            own("8c", "Last window closed with tasks pending and a nested call open (Platform.startup)",
                    "As 8a, but 'work' closes the application's last window and then returns \"saved\"; JavaFX "
                            + "exits implicitly once the nested call has returned, with the tasks still pending.",
                    completed("runUntilComplete returned saved"), ExitScenarios::startupThenLastWindowClosed),
            shared("9", "Exceptions thrown by a callback and by a task inside a nested loop",
                    "Inside a handler's runUntilComplete a callback throws and a task fails; then the future completes.",
                    completed("the nested call survived; callback errors reported: 1"),
                    PulseAndErrorScenarios::errorsInsideANestedLoop),
            shared("10a", "Blocking get() on the FX thread of a future that needs the FX thread",
                    "A handler calls get() on a loop future that a later callback would complete.",
                    clearError("get()", "Async.await"), PulseAndErrorScenarios::blockingGet),
            shared("10b", "Blocking join() on the FX thread of a future that needs the FX thread",
                    "A handler calls join() on the CompletableFuture that loop.submit(coroutine) returned.",
                    clearError("join()", "Async.await"), PulseAndErrorScenarios::blockingJoin),
            shared("11", "Timers during a nested loop and during a modal dialog",
                    "A task sleeps 2 ms three times while a handler blocks in runUntilComplete, then another "
                            + "while a modal dialog is open (and closes it); every sleep must last at least 2 ms.",
                    completed("3 timers fired in a nested call, 3 during a dialog"),
                    DialogScenarios::timersDuringNestedLoops),
            shared("12a", "runUntilComplete during a pulse: AnimationTimer",
                    "An AnimationTimer's handle(), which runs inside the pulse, calls runUntilComplete.",
                    clearError("pulse", "createTask"), PulseAndErrorScenarios::inAnAnimationTimer),
            shared("12b", "runUntilComplete during a pulse: layout",
                    "A region's layoutChildren(), which runs inside the pulse, calls runUntilComplete.",
                    clearError("pulse", "createTask"), PulseAndErrorScenarios::inLayout),
            shared("12c", "runUntilComplete beyond the nesting cap",
                    "Each nested call opens the next from a callback, " + NestingScenarios.DEEP + " deep (loopfx "
                            + "allows 100, JavaFX 25 200 nested loops); then every future completes.",
                    clearError("more than 100", "createTask"), NestingScenarios::beyondTheCap));

    private Catalogue() {
    }

    private static Scenario shared(String id, String title, String description, Expectation e, Scenario.Script s) {
        return new Scenario(id, title, description, e, false, s);
    }

    private static Scenario own(String id, String title, String description, Expectation e, Scenario.Script s) {
        return new Scenario(id, title, description, e, true, s);
    }

    /**
     * Returns every scenario, in catalogue order.
     *
     * @return the scenarios
     */
    public static List<Scenario> all() {
        return ALL;
    }

    /**
     * Returns the scenario with the given id.
     *
     * @param id e.g. {@code 3} or {@code 8b}
     * @return the scenario
     * @throws NoSuchElementException if there is none
     */
    public static Scenario byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No scenario '" + id + "'; ids: "
                        + ALL.stream().map(Scenario::id).toList()));
    }
}
