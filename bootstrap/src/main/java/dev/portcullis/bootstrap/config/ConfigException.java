package dev.portcullis.bootstrap.config;

import java.util.List;

/** Configuration that cannot be used. Each problem names the variable and what is wrong, never its value. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("configuration is not usable:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
