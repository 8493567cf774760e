package vn.customs.digital.lab.edge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.edge.simulation.SimulatedDevices;

/**
 * {@code ops/edge simulator} ({@code vn.customs.digital.lab.edge.DeviceSimulator}) {@code [--host
 * 127.0.0.1] [--port 5683] [--script FILE] [--psk IDENTITY:SECRET] [--exit-after-script]}: a camera
 * and an e-seal reader serving {@code /recognition} and {@code /seals}, driven by a script file or
 * by stdin (see {@link DeviceScript}).
 */
public final class DeviceSimulator {
  private DeviceSimulator() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String host = "127.0.0.1";
    int port = 5683;
    Path script = null;
    Optional<GateConfig.Psk> psk = Optional.empty();
    boolean exitAfterScript = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--host" -> host = value(args, ++i);
        case "--port" -> port = Integer.parseInt(value(args, ++i));
        case "--script" -> script = Path.of(value(args, ++i));
        case "--psk" -> {
          String v = value(args, ++i);
          int colon = v.indexOf(':');
          if (colon <= 0) {
            usage("--psk takes IDENTITY:SECRET");
          }
          psk =
              Optional.of(
                  new GateConfig.Psk(
                      v.substring(0, colon),
                      v.substring(colon + 1).getBytes(StandardCharsets.UTF_8)));
        }
        case "--exit-after-script" -> exitAfterScript = true;
        default -> usage("unknown argument " + args[i]);
      }
    }
    SimulatedDevices devices = new SimulatedDevices(host, port, psk).start();
    Runtime.getRuntime().addShutdownHook(new Thread(devices::stop));
    System.out.println(
        "device simulator listening: camera "
            + devices.uri("recognition")
            + ", e-seal reader "
            + devices.uri("seals"));
    System.out.flush();
    DeviceScript interpreter = new DeviceScript(devices, System.out);
    boolean keepRunning;
    try (BufferedReader in =
        script == null
            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            : Files.newBufferedReader(script, StandardCharsets.UTF_8)) {
      keepRunning = interpreter.run(in);
    }
    if (keepRunning && !exitAfterScript) {
      // script done (or stdin closed): keep serving the devices' last state until killed
      new CountDownLatch(1).await();
    }
    devices.stop();
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      usage(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(
        "usage: DeviceSimulator [--host 127.0.0.1] [--port 5683] [--script FILE] "
            + "[--psk IDENTITY:SECRET] [--exit-after-script]");
    System.exit(2);
  }
}
