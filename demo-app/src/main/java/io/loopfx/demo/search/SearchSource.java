package io.loopfx.demo.search;

import java.util.List;

/** Where the search tab looks things up: a slow, blocking call, run on an executor. */
@FunctionalInterface
public interface SearchSource {
    /**
     * Returns the entries that match {@code query}. Blocks; never called on the FX thread.
     *
     * @param query what was typed, not empty
     * @return the matches, best first
     * @throws InterruptedException if interrupted while waiting
     */
    List<String> search(String query) throws InterruptedException;
}
