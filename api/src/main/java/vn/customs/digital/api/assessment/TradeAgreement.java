package vn.customs.digital.api.assessment;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The free trade agreements under which Vietnam grants special preferential import duty, each with
 * the certificate of origin form that claims it and the members whose goods qualify. A claim counts
 * only when the form matches and the declared origin is a member: a form D on goods of Chinese
 * origin earns nothing.
 */
public enum TradeAgreement {
  ATIGA("D", "ASEAN Trade in Goods Agreement", asean()),
  ACFTA("E", "ASEAN-China FTA", asean("CN")),
  AKFTA("AK", "ASEAN-Korea FTA", asean("KR")),
  AJCEP("AJ", "ASEAN-Japan Comprehensive Economic Partnership", asean("JP")),
  AIFTA("AI", "ASEAN-India FTA", asean("IN")),
  AANZFTA("AANZ", "ASEAN-Australia-New Zealand FTA", asean("AU", "NZ")),
  AHKFTA("AHK", "ASEAN-Hong Kong, China FTA", asean("HK")),
  VJEPA("VJ", "Vietnam-Japan Economic Partnership Agreement", Set.of("JP")),
  VKFTA("VK", "Vietnam-Korea FTA", Set.of("KR")),
  VCFTA("VC", "Vietnam-Chile FTA", Set.of("CL")),
  VN_LAOS("S", "Vietnam-Laos trade agreement", Set.of("LA")),
  VN_EAEU("EAV", "Vietnam-Eurasian Economic Union FTA", Set.of("RU", "BY", "KZ", "KG", "AM")),
  CPTPP(
      "CPTPP",
      "Comprehensive and Progressive Agreement for Trans-Pacific Partnership",
      Set.of("AU", "BN", "CA", "CL", "JP", "MY", "MX", "NZ", "PE", "SG", "GB")),
  EVFTA(
      "EUR.1",
      "EU-Vietnam FTA",
      Set.of(
          "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
          "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")),
  UKVFTA("EUR.1", "UK-Vietnam FTA", Set.of("GB")),
  RCEP("RCEP", "Regional Comprehensive Economic Partnership", asean("CN", "JP", "KR", "AU", "NZ"));

  /**
   * The ten ASEAN members; Vietnam's own goods never claim preference on import, but stay listed
   * for exports.
   */
  public static final Set<String> ASEAN =
      Set.of("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN");

  private final String form;
  private final String title;
  private final Set<String> members;

  TradeAgreement(String form, String title, Set<String> members) {
    this.form = form;
    this.title = title;
    this.members = members;
  }

  public String form() {
    return form;
  }

  public String title() {
    return title;
  }

  public Set<String> members() {
    return members;
  }

  /**
   * The agreement a certificate of this form claims for goods of this origin, if it is a member.
   */
  public static Optional<TradeAgreement> claimed(String form, String origin) {
    for (TradeAgreement agreement : values()) {
      if (agreement.form.equals(form) && agreement.members.contains(origin)) {
        return Optional.of(agreement);
      }
    }
    return Optional.empty();
  }

  /** How a tax line names it, e.g. "ATIGA form D". */
  public String basis() {
    return name() + " form " + form;
  }

  private static Set<String> asean(String... others) {
    return Stream.concat(
            Stream.of("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"),
            Stream.of(others))
        .collect(Collectors.toUnmodifiableSet());
  }
}
