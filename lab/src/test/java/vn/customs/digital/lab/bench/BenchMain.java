package vn.customs.digital.lab.bench;

/**
 * How a benchmark's {@code main} ends: exit 0 once it has printed its figures, 1 with the stack
 * trace when it failed (so ops/bench fails too). The exit also stops what the benchmark left
 * running (Vert.x, an api, an agent's threads).
 */
public final class BenchMain {
  /** The benchmark itself. */
  public interface Bench {
    void run() throws Exception;
  }

  private BenchMain() {}

  public static void run(Bench bench) {
    try {
      bench.run();
      System.exit(0);
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      System.exit(1);
    }
  }
}
