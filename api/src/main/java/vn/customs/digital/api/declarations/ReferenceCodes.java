package vn.customs.digital.api.declarations;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The code lists a declaration is checked against. Each list names its source; they change rarely
 * and by regulation, so they live in code beside the validator rather than in the database.
 */
public final class ReferenceCodes {
  private ReferenceCodes() {}

  /**
   * VNACCS import type codes ("mã loại hình nhập khẩu", Decision 1357/QĐ-TCHQ of 2021): A trade, E
   * processing and export production, G temporary import and re-import, C bonded areas, H other.
   */
  public static final Map<String, String> IMPORT_PROCEDURES =
      Map.ofEntries(
          Map.entry("A11", "Import for domestic trade, cleared at the border gate office"),
          Map.entry("A12", "Import for production, business"),
          Map.entry("A21", "Goods temporarily imported, transferred to domestic consumption"),
          Map.entry("A31", "Exported goods returned"),
          Map.entry("A41", "Import by traders exercising trading rights or distribution rights"),
          Map.entry("A42", "Goods transferred to domestic consumption in other cases"),
          Map.entry("A43", "Goods of a tax incentive programme"),
          Map.entry("A44", "Re-import of goods temporarily exported for repair"),
          Map.entry("E11", "Raw materials imported by an export processing enterprise"),
          Map.entry("E13", "Fixed assets imported by an export processing enterprise"),
          Map.entry(
              "E15", "Raw materials of an export processing enterprise from the domestic market"),
          Map.entry("E21", "Raw materials imported for processing under contract"),
          Map.entry("E23", "Raw materials for processing transferred from another contract"),
          Map.entry("E31", "Raw materials imported for export production"),
          Map.entry("E33", "Raw materials imported into a bonded warehouse"),
          Map.entry("E41", "Products processed abroad, imported back"),
          Map.entry("G11", "Temporary import of goods for re-export trading"),
          Map.entry("G12", "Temporary import of machinery and equipment for projects"),
          Map.entry("G13", "Duty-free temporary import"),
          Map.entry("G14", "Other temporary import"),
          Map.entry("G51", "Re-import of goods temporarily exported"),
          Map.entry("C11", "Foreign goods into a bonded warehouse"),
          Map.entry("C21", "Goods into a non-tariff zone"),
          Map.entry("H11", "Other imports"));

  /** VNACCS export type codes ("mã loại hình xuất khẩu"), same source. */
  public static final Map<String, String> EXPORT_PROCEDURES =
      Map.ofEntries(
          Map.entry("B11", "Export for trade"),
          Map.entry("B12", "Export after temporary export"),
          Map.entry("B13", "Export of imported goods returned to the supplier"),
          Map.entry("E42", "Products exported by an export processing enterprise"),
          Map.entry("E44", "Goods of an export processing enterprise moved to another one"),
          Map.entry("E46", "Goods and products of a non-tariff zone to the domestic market"),
          Map.entry("E52", "Processed products exported to the contracting party"),
          Map.entry("E54", "Processing materials transferred to another contract"),
          Map.entry(
              "E56", "Processed products delivered domestically on the foreign party's order"),
          Map.entry("E62", "Products of export production"),
          Map.entry("E64", "Products of export production delivered domestically"),
          Map.entry("E82", "Raw materials exported for processing abroad"),
          Map.entry("G21", "Re-export of goods temporarily imported for trading"),
          Map.entry(
              "G22", "Re-export of machinery and equipment temporarily imported for projects"),
          Map.entry("G23", "Re-export of goods temporarily imported duty free"),
          Map.entry("G24", "Other re-export"),
          Map.entry("G61", "Temporary export"),
          Map.entry("C12", "Goods from a bonded warehouse exported abroad"),
          Map.entry("C22", "Goods out of a non-tariff zone"),
          Map.entry("H21", "Other exports"));

  /** Incoterms 2020 (ICC), all eleven rules. */
  public static final Set<String> INCOTERMS_2020 =
      Set.of("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF");

  /**
   * ISO 4217 list one, circulating currencies in 2026. Left out on purpose as invoice currencies:
   * fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), precious metals, bond-market units,
   * SDR and the test codes; and withdrawn ones (HRK 2023, SLL 2024, ANG 2025 replaced by XCG, ZWL
   * replaced by ZWG, BGN with Bulgaria's entry into the euro on 2026-01-01).
   */
  public static final Set<String> CURRENCIES =
      Set.of(
          ("AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD"
                  + " CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL"
                  + " GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR"
                  + " KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR"
                  + " MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB"
                  + " RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY"
                  + " TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG")
              .split(" "));

  /** ISO 3166-1 alpha-2, every officially assigned code (249), as the JDK ships them. */
  public static final Set<String> COUNTRIES =
      Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));

  /**
   * UN/ECE Recommendation 20 unit codes used on Vietnamese declarations: counts, mass, volume,
   * length, area, energy, and the packaging units of its annex that VNACCS accepts.
   */
  public static final Set<String> UNITS =
      Set.of(
          (
              // counts
              "C62 H87 EA NAR NPR PR SET DZN GRO TPR NMP"
                  // mass
                  + " KGM GRM MGM TNE CTM LBR ONZ"
                  // volume
                  + " LTR MLT HLT CLT GLL MTQ CMQ DMQ"
                  // length, area
                  + " MTR CMT MMT KMT FOT INH YRD MTK CMK DMK FTK"
                  // energy and power
                  + " KWH MWH GWH KWT"
                  // packaging units of the annex
                  + " BX CT PK BG BO CS RO TU CA CR")
              .split(" "));

  /**
   * Certificate of origin forms and documents Vietnam accepts for preferential duty: ASEAN forms D
   * (ATIGA), E (ACFTA), AK (AKFTA), AJ (AJCEP), AI (AIFTA), AANZ (AANZFTA), AHK (AHKFTA); bilateral
   * VJ (Japan), VK (Korea), VC (Chile), S (Laos), EAV (Eurasian Economic Union); EUR.1 (EVFTA, EU
   * origin; UKVFTA, UK origin); and the CPTPP and RCEP origin documents.
   */
  public static final Set<String> ORIGIN_FORMS =
      Set.of(
          "D", "E", "AK", "AJ", "AI", "AANZ", "AHK", "VJ", "VK", "VC", "S", "EAV", "EUR.1", "CPTPP",
          "RCEP");

  public static boolean isProcedureFor(String type, String code) {
    return switch (type) {
      case "IMPORT" -> IMPORT_PROCEDURES.containsKey(code);
      case "EXPORT" -> EXPORT_PROCEDURES.containsKey(code);
      default -> false;
    };
  }

  private static final Set<String> ALL_PROCEDURES =
      Stream.concat(IMPORT_PROCEDURES.keySet().stream(), EXPORT_PROCEDURES.keySet().stream())
          .collect(Collectors.toUnmodifiableSet());

  static Set<String> allProcedures() {
    return ALL_PROCEDURES;
  }
}
