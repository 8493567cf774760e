package vn.customs.digital.risk;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the risk core knows about one declaration: everything it decides on, passed in.
 *
 * @param declarationNumber the 12-digit number VNACCS-style numbering gives the declaration; it is
 *     also the message of the random draw, so it must be final before the decision
 * @param type import or export
 * @param officeCode customs office (Chi cục) handling the declaration, e.g. {@code 02CI}
 * @param gateCode border gate or port of entry/exit, e.g. UN/LOCODE {@code VNCLP}
 * @param transportMode mode of transport at the border
 * @param decisionDate the day the decision is taken, given by the caller's clock; it selects the
 *     random key and whether a time-limited targeting rule is in force
 * @param declarantTaxCode tax code of the enterprise declaring (importer or exporter), whose {@link
 *     TraderProfile} is given alongside
 * @param consigneeTaxCode tax code of the Vietnamese consignee or consignor when it differs from
 *     the declarant (a broker or a trading intermediary), otherwise the same as the declarant
 * @param documents supporting documents present
 * @param items goods lines, at least one
 */
public record DeclarationFacts(
    String declarationNumber,
    DeclarationType type,
    String officeCode,
    String gateCode,
    TransportMode transportMode,
    LocalDate decisionDate,
    String declarantTaxCode,
    String consigneeTaxCode,
    Set<DocumentKind> documents,
    List<DeclarationItem> items) {

  public DeclarationFacts {
    Objects.requireNonNull(declarationNumber, "declarationNumber");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(officeCode, "officeCode");
    Objects.requireNonNull(gateCode, "gateCode");
    Objects.requireNonNull(transportMode, "transportMode");
    Objects.requireNonNull(decisionDate, "decisionDate");
    Objects.requireNonNull(declarantTaxCode, "declarantTaxCode");
    Objects.requireNonNull(consigneeTaxCode, "consigneeTaxCode");
    Objects.requireNonNull(items, "items");
    if (!DeclarationItem.isDigits(declarationNumber, 12)) {
      throw new IllegalArgumentException(
          "declarationNumber must be 12 digits, got '" + declarationNumber + "'");
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a declaration has at least one item");
    }
    items = List.copyOf(items);
    documents = documentSet(documents);
  }

  /**
   * An enum set iterates in declaration order, so the facts serialise the same way on every run; a
   * hash set of enums would not (enum hash codes are identity hashes).
   */
  private static Set<DocumentKind> documentSet(Collection<DocumentKind> documents) {
    EnumSet<DocumentKind> set = EnumSet.noneOf(DocumentKind.class);
    if (documents != null) {
      set.addAll(documents);
    }
    return Collections.unmodifiableSet(set);
  }
}
