package vn.customs.digital.risk.ruleset;

/** Serialisations a ruleset document may be written in. */
public enum RulesetFormat {
  JSON,
  YAML
}
