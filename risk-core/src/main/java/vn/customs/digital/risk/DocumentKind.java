package vn.customs.digital.risk;

/**
 * Supporting documents attached to a declaration (as e-documents through the National Single Window
 * or as signed scans). Only the kinds that risk rules reason about are listed; invoices, packing
 * lists and bills of lading are always required and checked by validation, not by risk.
 */
public enum DocumentKind {
  /** ASEAN (ATIGA) certificate of origin, exchanged electronically with all ASEAN members. */
  CO_FORM_D,
  /** ASEAN-China certificate of origin. */
  CO_FORM_E,
  /** ASEAN-Korea certificate of origin. */
  CO_FORM_AK,
  /** EVFTA movement certificate or origin declaration. */
  CO_EUR1,
  /** Any other certificate of origin. */
  CO_OTHER,
  /** Import licence or permit of the managing ministry. */
  IMPORT_LICENCE,
  /** Export licence or permit of the managing ministry. */
  EXPORT_LICENCE,
  /** Animal or plant quarantine certificate. */
  QUARANTINE_CERTIFICATE,
  /** Registration for specialised inspection (quality, food safety, ...). */
  INSPECTION_REGISTRATION,
  /** Result of specialised inspection, when it is done before clearance. */
  INSPECTION_RESULT
}
