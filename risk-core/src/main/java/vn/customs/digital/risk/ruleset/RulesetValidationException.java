package vn.customs.digital.risk.ruleset;

import java.util.List;

/** A ruleset document that cannot be used, with every problem found (not only the first). */
public class RulesetValidationException extends RuntimeException {

  private final transient List<RulesetProblem> problems;

  public RulesetValidationException(String source, List<RulesetProblem> problems) {
    super(message(source, problems));
    this.problems = List.copyOf(problems);
  }

  public List<RulesetProblem> problems() {
    return problems;
  }

  private static String message(String source, List<RulesetProblem> problems) {
    StringBuilder sb =
        new StringBuilder("ruleset ")
            .append(source)
            .append(" is invalid (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem):" : " problems):");
    for (RulesetProblem p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
