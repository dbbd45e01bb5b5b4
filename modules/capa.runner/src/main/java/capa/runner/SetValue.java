package capa.runner;

/**
 * A value typed on the command line ({@code --set key=value}): text whose type is decided by
 * the record component it is bound to, so that {@code --set label=true} binds to a string
 * component as the text {@code true} and to a boolean component as {@code true}.
 *
 * @param text the text after the {@code =}
 */
record SetValue(String text) {
}
