package vn.customs.digital.edge.config;

import java.util.List;

/** Every problem found in a configuration file, so an operator fixes them all in one go. */
public final class InvalidConfigException extends Exception {
  private final List<String> problems;

  public InvalidConfigException(String source, List<String> problems) {
    super("invalid configuration " + source + ":\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
