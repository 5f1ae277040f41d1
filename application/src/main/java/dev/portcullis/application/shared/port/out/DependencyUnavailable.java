package dev.portcullis.application.shared.port.out;

/**
 * A driven adapter could not reach its dependency (database down, timeout). The HTTP adapter answers
 * 503 with {@code Retry-After}; it is never turned into a protocol error such as
 * {@code invalid_grant}. The message names the dependency, never a credential.
 */
public final class DependencyUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String dependency;

  public DependencyUnavailable(String dependency, Throwable cause) {
    super(dependency + " is unavailable", cause);
    this.dependency = dependency;
  }

  public String dependency() {
    return dependency;
  }
}
