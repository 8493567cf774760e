package vn.customs.digital.risk;

/** Direction of the goods. */
public enum DeclarationType {
  IMPORT,
  EXPORT
}
