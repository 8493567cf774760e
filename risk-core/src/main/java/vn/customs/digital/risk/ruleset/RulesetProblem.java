package vn.customs.digital.risk.ruleset;

/**
 * One thing wrong with a ruleset document.
 *
 * @param path where, in the document's terms, e.g. {@code indicators[3].weight}
 * @param message what is wrong and, where it helps, what is expected
 */
public record RulesetProblem(String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
