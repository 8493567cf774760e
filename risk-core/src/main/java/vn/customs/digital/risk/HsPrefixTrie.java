package vn.customs.digital.risk;

import java.util.Arrays;

/**
 * Item rules indexed by HS prefix: one node per digit, so matching an 8-digit code against every
 * prefix of every rule is at most 9 node visits, however many rules there are. Rules without a
 * prefix sit at the root and are visited for every item.
 *
 * <p>Built once per ruleset and then only read, so it is safe to share between threads.
 */
final class HsPrefixTrie {

  private static final int[] NO_SLOTS = new int[0];

  private static final class Node {
    final Node[] children = new Node[10];
    int[] slots = NO_SLOTS;
  }

  private final Node root = new Node();
  private int entries;

  void add(String prefix, int slot) {
    Node node = root;
    for (int i = 0; i < prefix.length(); i++) {
      int digit = prefix.charAt(i) - '0';
      Node child = node.children[digit];
      if (child == null) {
        child = new Node();
        node.children[digit] = child;
      }
      node = child;
    }
    for (int s : node.slots) {
      if (s == slot) {
        return;
      }
    }
    node.slots = Arrays.copyOf(node.slots, node.slots.length + 1);
    node.slots[node.slots.length - 1] = slot;
    entries++;
  }

  /** Upper bound of what {@link #collect} writes: the size its buffer needs. */
  int entries() {
    return entries;
  }

  /**
   * Slots of every rule with a prefix of {@code hsCode} (including the root's), shortest prefix
   * first.
   */
  int collect(String hsCode, int[] out) {
    int n = copy(root.slots, out, 0);
    Node node = root;
    for (int i = 0; i < hsCode.length(); i++) {
      node = node.children[hsCode.charAt(i) - '0'];
      if (node == null) {
        break;
      }
      n = copy(node.slots, out, n);
    }
    return n;
  }

  private static int copy(int[] slots, int[] out, int n) {
    System.arraycopy(slots, 0, out, n, slots.length);
    return n + slots.length;
  }
}
