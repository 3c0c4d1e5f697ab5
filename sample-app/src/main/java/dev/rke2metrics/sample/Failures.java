package dev.rke2metrics.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Turns an exception chain into the one line the CLI prints. */
final class Failures {
    private Failures() {
    }

    /** One line: our own message as is, library messages joined with their causes (gRPC's "io exception" alone says nothing). */
    static String describe(Throwable t) {
        t = unwrap(t);
        if (t instanceof SnapshotException) {
            return oneLine(t.getMessage());
        }
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null && parts.size() < 4; c = c.getCause() == c ? null : c.getCause()) {
            String m = message(c);
            String raw = c.getMessage() == null ? m : c.getMessage();
            if (parts.stream().noneMatch(p -> p.contains(m) || p.contains(raw))) {
                parts.add(m);
            }
        }
        return oneLine(String.join(": ", parts));
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String message(Throwable t) {
        if (t instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) t;
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String text = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
            return (text == null ? s.getClass().getSimpleName() : text) + " (HTTP " + s.statusCode()
                + (code == null ? "" : ", " + code) + ")";
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        if (t instanceof java.nio.file.FileSystemException || t instanceof java.net.UnknownHostException) {
            // Their message is only a path or a host name: keep their kind ("NoSuchFile: /x").
            return t.getClass().getSimpleName().replaceFirst("Exception$", "") + ": " + m;
        }
        return m;
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
