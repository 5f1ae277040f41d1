package dev.portcullis.adapter.postgres;

/** Short, credential-free descriptions of infrastructure failures for readiness and logs. */
final class Failures {
  private Failures() {}

  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
