package dev.passerelle.routes;

/** Something wrong in a route file, where it is and why. */
record Problem(String file, Integer line, String message) {

    @Override
    public String toString() {
        return file + (line == null ? "" : ":" + line) + ": " + message;
    }
}
