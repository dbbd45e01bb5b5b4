package capa.api;

/** The 0.9 log. */
public interface RunLog {
    void info(String message);
}
