package io.loopfx.core.internal;

/** Rethrows any throwable unchanged, checked or not, without declaring it. */
public final class Sneaky {
    private Sneaky() {
    }

    /**
     * Throws {@code t} as it is.
     *
     * @param t the throwable
     * @return never returns; declared so callers can write {@code throw Sneaky.rethrow(t)}
     */
    public static RuntimeException rethrow(Throwable t) {
        throw Sneaky.<RuntimeException>doThrow(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E doThrow(Throwable t) throws E {
        throw (E) t;
    }
}
