package vn.customs.digital.edge.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.customs.digital.edge.Main;

/**
 * The agent as {@link Main} starts it, on a lane of simulated vehicles: {@code [--passage-after
 * 1500ms] --config gate.yaml}, gpio mode mock; a vehicle crosses the passage loop that long after
 * each opening of the barrier (see {@link SimulatedPassage}). What runs the agent in a JVM of its
 * own on a simulated lane: the development lane of {@code ops/run} ({@code ops/edge dev-agent}),
 * the gate benchmarks and the tests that kill the agent's process.
 */
public final class SimulatedLane {
  private static final Pattern MILLIS = Pattern.compile("(\\d+)ms");

  private SimulatedLane() {}

  public static void main(String[] args) {
    List<String> agentArgs = new ArrayList<>(List.of(args));
    int option = agentArgs.indexOf("--passage-after");
    Duration after = null;
    if (option >= 0) {
      Matcher millis =
          MILLIS.matcher(option + 1 < agentArgs.size() ? agentArgs.get(option + 1) : "");
      if (!millis.matches()) {
        System.err.println("--passage-after takes milliseconds, e.g. 1500ms");
        System.exit(2);
      }
      after = Duration.ofMillis(Long.parseLong(millis.group(1)));
      agentArgs.subList(option, option + 2).clear();
    }
    Duration passage = after;
    Main.start(agentArgs.toArray(String[]::new))
        .onSuccess(
            agent -> {
              if (passage == null) {
                return;
              }
              try {
                SimulatedPassage.afterEachOpening(agent.lane().gpio(), passage);
              } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                System.exit(2);
              }
            });
  }
}
