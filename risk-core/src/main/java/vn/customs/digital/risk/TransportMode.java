package vn.customs.digital.risk;

/** Mode of transport at the border, as declared. */
public enum TransportMode {
  SEA,
  AIR,
  ROAD,
  RAIL,
  INLAND_WATERWAY,
  /** Express consignments and postal parcels. */
  POST
}
