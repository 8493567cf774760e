package vn.customs.digital.risk;

import java.util.List;

/** What may be shown to the trader about a decision: the channel and the public reason codes. */
public record TraderNotice(
    String declarationNumber, Channel channel, List<ReasonCode> reasonCodes) {

  public TraderNotice {
    reasonCodes = List.copyOf(reasonCodes);
  }
}
