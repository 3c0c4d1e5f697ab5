package dev.rke2metrics.sample;

/** A snapshot step failed; the message is written for the operator and names what failed. */
public class SnapshotException extends Exception {
    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
