package vn.customs.digital.risk;

/**
 * Layer 3 as it was computed, so that anyone holding the published key can check it.
 *
 * @param keyId the key of the day used
 * @param draw the draw in [0, 1) (see {@link RandomDraw})
 * @param redBelow a draw below this selects RED (the red rate, reduced for priority enterprises)
 * @param yellowBelow a draw from {@code redBelow} and below this selects YELLOW
 * @param applied whether layer 3 applied: only declarations the other layers left GREEN are drawn
 * @param channel the channel layer 3 selected (GREEN when not applied or not selected)
 */
public record RandomSelection(
    String keyId,
    double draw,
    double redBelow,
    double yellowBelow,
    boolean applied,
    Channel channel) {}
