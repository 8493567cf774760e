package vn.customs.digital.problems;

/** Carries a {@link Problem} through a failed future or handler to the router's failure handler. */
public final class ProblemException extends RuntimeException {
  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(
        problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()),
        null,
        false,
        false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
