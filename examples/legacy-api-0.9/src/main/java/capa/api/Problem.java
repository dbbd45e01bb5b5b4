package capa.api;

/** The 0.9 problem: a message only. */
public record Problem(String message) {
}
