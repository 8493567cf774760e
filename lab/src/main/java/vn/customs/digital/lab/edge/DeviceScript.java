package vn.customs.digital.lab.edge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.customs.digital.edge.simulation.SimulatedDevices;

/**
 * The simulator's script language, one command a line:
 *
 * <pre>
 * arrive plate=15C12345 containers=MSCU1234566,TGHU7654321 confidence=0.97 [image=cam1/0001.jpg]
 * seal SEAL123 TAMPERED [container=MSCU1234566]     (SEALED | OPENED | TAMPERED | LOW_BATTERY)
 * wait 500                                          (pause, milliseconds: pacing for demos)
 * restart                                           (reboot the devices: observers forgotten)
 * quit
 * # a comment
 * </pre>
 */
public final class DeviceScript {
  private static final Set<String> SEAL_STATES =
      Set.of("SEALED", "OPENED", "TAMPERED", "LOW_BATTERY");

  private final SimulatedDevices devices;
  private final PrintStream out;

  public DeviceScript(SimulatedDevices devices, PrintStream out) {
    this.devices = devices;
    this.out = out;
  }

  /**
   * Runs every line; returns false if the script asked to quit. Bad lines are reported and skipped.
   */
  public boolean run(BufferedReader lines) throws IOException {
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      try {
        if (!execute(line)) {
          return false;
        }
      } catch (IllegalArgumentException e) {
        out.println("line " + number + ": " + e.getMessage());
      }
    }
    return true;
  }

  /** Executes one line; false for quit. */
  public boolean execute(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return true;
    }
    String[] words = trimmed.split("\\s+");
    switch (words[0].toLowerCase(Locale.ROOT)) {
      case "arrive" -> {
        Map<String, String> args = keyValues(words);
        String plate = args.getOrDefault("plate", "");
        String containers = args.get("containers");
        if (containers == null) {
          throw new IllegalArgumentException("arrive needs containers=A[,B]");
        }
        double confidence;
        try {
          confidence = Double.parseDouble(args.getOrDefault("confidence", "0.99"));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("confidence must be a number");
        }
        List<String> list =
            Arrays.stream(containers.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        String readId = devices.arrive(plate, list, confidence, args.get("image"));
        out.println("arrived " + plate + " " + list + " read " + readId);
      }
      case "seal" -> {
        if (words.length < 3 || !SEAL_STATES.contains(words[2].toUpperCase(Locale.ROOT))) {
          throw new IllegalArgumentException(
              "usage: seal SEAL_ID SEALED|OPENED|TAMPERED|LOW_BATTERY [container=X]");
        }
        Map<String, String> args = keyValues(words);
        devices.seal(words[1], words[2].toUpperCase(Locale.ROOT), args.get("container"));
        out.println("seal " + words[1] + " " + words[2].toUpperCase(Locale.ROOT));
      }
      case "wait" -> {
        try {
          Thread.sleep(Long.parseLong(words.length > 1 ? words[1] : "1000"));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("wait takes milliseconds");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      case "restart" -> {
        devices.restart();
        out.println("devices restarted on port " + devices.port());
      }
      case "quit", "exit" -> {
        return false;
      }
      default ->
          throw new IllegalArgumentException(
              "unknown command '" + words[0] + "' (arrive, seal, wait, restart, quit)");
    }
    return true;
  }

  private static Map<String, String> keyValues(String[] words) {
    Map<String, String> args = new HashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq > 0) {
        args.put(words[i].substring(0, eq).toLowerCase(Locale.ROOT), words[i].substring(eq + 1));
      }
    }
    return args;
  }
}
