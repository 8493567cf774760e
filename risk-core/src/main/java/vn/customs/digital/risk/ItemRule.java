package vn.customs.digital.risk;

import java.math.BigDecimal;
import java.util.List;

/**
 * A rule that is checked item by item, reached through the HS prefix trie: the trie has already
 * matched the item's HS code against the rule's prefixes, the rule checks the rest.
 */
interface ItemRule {

  /** HS prefixes the rule is indexed under; empty for a rule that looks at every item. */
  List<String> hsPrefixes();

  /**
   * The criteria other than the HS prefix, on an item the trie has matched.
   *
   * @param referenceValue reference unit price x quantity of the item, computed once per item by
   *     the selector (null when the item has no reference price)
   */
  boolean matchesItem(DeclarationItem item, BigDecimal referenceValue, DeclarationFacts facts);

  /** The longest of the rule's prefixes the HS code starts with, for explanations. */
  default String matchedPrefix(String hsCode) {
    String best = null;
    for (String p : hsPrefixes()) {
      if (hsCode.startsWith(p) && (best == null || p.length() > best.length())) {
        best = p;
      }
    }
    return best;
  }
}
