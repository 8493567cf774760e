package vn.customs.digital.risk;

/** Severity of a customs violation in a trader's history, from least to most serious. */
public enum ViolationSeverity {
  /** Administrative violation fined at the lower bands (late filing, minor misdeclaration). */
  MINOR,
  /** Administrative violation affecting duty or goods control (undervaluation, wrong origin). */
  SERIOUS,
  /** Case transferred for criminal prosecution (smuggling, large-scale duty evasion). */
  CRIMINAL
}
