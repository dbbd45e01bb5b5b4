package capa.plugins.jar;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Arrays to read JARs into, reused from one JAR to the next while plugins are only inspected
 * (their bytes are dropped right after the contract check). A fresh array per JAR costs more
 * than reading it for large JARs: the heap grows, its new pages are zeroed and faulted in, and
 * every large array sets off a collection. One discovery holds at most one array per thread.
 */
public final class ReadBuffers {

    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

    /** An array of at least {@code size} bytes, which the caller owns until {@link #give}. */
    byte[] take(int size) {
        byte[] array = free.poll();
        return array != null && array.length >= size ? array : new byte[size];
    }

    /**
     * Hands an array back. Only once nothing reads it any more: {@link InMemoryJar#release}
     * on the JAR parsed from it.
     */
    public void give(byte[] array) {
        free.offer(array);
    }
}
