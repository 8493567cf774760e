package vn.customs.digital.risk;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import vn.customs.digital.risk.ruleset.RandomRates;
import vn.customs.digital.risk.ruleset.Ruleset;
import vn.customs.digital.risk.ruleset.RulesetLoader;

/** Declarations, profiles, keys and rulesets the tests build on. */
final class Fixtures {

  static final LocalDate DAY = LocalDate.of(2026, 11, 23);

  /**
   * ASCII key, so that openssl's {@code -hmac KEY} (which takes the key as text) can reproduce
   * draws.
   */
  static final String KEY_TEXT = "digital-customs-test-key-2026-11-23";

  static final RandomKey KEY =
      new RandomKey("2026-11-23", DAY, KEY_TEXT.getBytes(StandardCharsets.US_ASCII));
  static final String DECLARANT = "0301234567";

  private Fixtures() {}

  static Ruleset layersRuleset() {
    return RulesetLoader.fromClasspath("rulesets/test-layers.yaml");
  }

  static Ruleset withRates(Ruleset r, double red, double yellow, double priorityFactor) {
    return new Ruleset(
        r.id(),
        r.version(),
        r.validFrom(),
        r.description(),
        r.thresholds(),
        new RandomRates(red, yellow, priorityFactor),
        r.priorityEnterpriseGreen(),
        r.indicators(),
        r.interventions());
  }

  static DeclarationItem item(String hs, String origin, String valueVnd) {
    return new DeclarationItem(hs, origin, new BigDecimal(valueVnd), BigDecimal.ONE, null);
  }

  static DeclarationItem item(
      String hs, String origin, String valueVnd, String quantity, String referenceUnitPrice) {
    return new DeclarationItem(
        hs,
        origin,
        new BigDecimal(valueVnd),
        new BigDecimal(quantity),
        referenceUnitPrice == null ? null : new BigDecimal(referenceUnitPrice));
  }

  /** A clean import of plain cotton fabric by sea: nothing in the test ruleset fires on it. */
  static FactsBuilder facts() {
    return new FactsBuilder();
  }

  /** An established, compliant, non-priority trader: nothing in the test ruleset fires on it. */
  static ProfileBuilder profile() {
    return new ProfileBuilder();
  }

  static final class FactsBuilder {
    String number = "104512345678";
    DeclarationType type = DeclarationType.IMPORT;
    String office = "02CI";
    String gate = "VNCLP";
    TransportMode mode = TransportMode.SEA;
    LocalDate date = DAY;
    String declarant = DECLARANT;
    String consignee = DECLARANT;
    Set<DocumentKind> documents = EnumSet.noneOf(DocumentKind.class);
    List<DeclarationItem> items = new ArrayList<>(List.of(item("52081100", "IN", "150000000")));

    FactsBuilder number(String v) {
      number = v;
      return this;
    }

    FactsBuilder type(DeclarationType v) {
      type = v;
      return this;
    }

    FactsBuilder office(String v) {
      office = v;
      return this;
    }

    FactsBuilder gate(String v) {
      gate = v;
      return this;
    }

    FactsBuilder mode(TransportMode v) {
      mode = v;
      return this;
    }

    FactsBuilder date(LocalDate v) {
      date = v;
      return this;
    }

    FactsBuilder declarant(String v) {
      declarant = v;
      return this;
    }

    FactsBuilder consignee(String v) {
      consignee = v;
      return this;
    }

    FactsBuilder documents(DocumentKind... v) {
      documents = v.length == 0 ? EnumSet.noneOf(DocumentKind.class) : EnumSet.of(v[0], v);
      return this;
    }

    FactsBuilder items(DeclarationItem... v) {
      items = new ArrayList<>(List.of(v));
      return this;
    }

    FactsBuilder addItem(DeclarationItem v) {
      items.add(v);
      return this;
    }

    DeclarationFacts build() {
      return new DeclarationFacts(
          number, type, office, gate, mode, date, declarant, consignee, documents, items);
    }
  }

  static final class ProfileBuilder {
    String taxCode = DECLARANT;
    LocalDate registered = LocalDate.of(2015, 3, 1);
    int declarations = 240;
    ViolationCounts last12 = ViolationCounts.NONE;
    ViolationCounts last24 = ViolationCounts.NONE;
    boolean priority = false;
    BigDecimal debt = BigDecimal.ZERO;
    int amendmentsAfterRelease = 0;
    int latePayments = 0;

    ProfileBuilder taxCode(String v) {
      taxCode = v;
      return this;
    }

    ProfileBuilder registered(LocalDate v) {
      registered = v;
      return this;
    }

    ProfileBuilder declarations(int v) {
      declarations = v;
      return this;
    }

    ProfileBuilder violations(ViolationCounts in12, ViolationCounts in24) {
      last12 = in12;
      last24 = in24;
      return this;
    }

    ProfileBuilder priority(boolean v) {
      priority = v;
      return this;
    }

    ProfileBuilder debt(String v) {
      debt = new BigDecimal(v);
      return this;
    }

    ProfileBuilder amendmentsAfterRelease(int v) {
      amendmentsAfterRelease = v;
      return this;
    }

    ProfileBuilder latePayments(int v) {
      latePayments = v;
      return this;
    }

    TraderProfile build() {
      return new TraderProfile(
          taxCode,
          registered,
          declarations,
          last12,
          last24,
          priority,
          debt,
          amendmentsAfterRelease,
          latePayments);
    }
  }
}
