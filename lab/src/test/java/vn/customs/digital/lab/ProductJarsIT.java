package vn.customs.digital.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.lab.payments.SandboxBank;
import vn.customs.digital.notifications.OutboxDatabase;

/**
 * The product's jars as {@code package} shaded them (failsafe, after the product's modules in the
 * reactor) hold only the product: no class of this module, none of the product's test jars (where
 * the agent's simulated lane lives), no package of simulation, benchmarks or a sandbox, and neither
 * deployable carries the other's code.
 */
@DisplayName("The product's jars")
class ProductJarsIT {
  private static final Path API_JAR =
      Path.of(System.getProperty("api.jar", "../api/target/digital-customs-api.jar"));
  private static final Path EDGE_JAR =
      Path.of(System.getProperty("edge.jar", "../edge-agent/target/edge-agent.jar"));
  private static final Set<String> NOT_PRODUCT_PACKAGES =
      Set.of("lab", "bench", "simulator", "simulation", "sandbox");

  /** The classes of the lab (main and test) and of the product's test jars, as jar entry names. */
  private static Set<String> notProduct;

  @BeforeAll
  static void listWhatIsNotTheProduct() throws Exception {
    notProduct = new TreeSet<>();
    for (Class<?> inIt :
        List.of(
            ProductJarsIT.class,
            SandboxBank.class,
            TestApi.class,
            LaneFixture.class,
            OutboxDatabase.class)) {
      notProduct.addAll(
          classes(Path.of(inIt.getProtectionDomain().getCodeSource().getLocation().toURI())));
    }
    assertThat(notProduct)
        .as("the classes to look for")
        .contains(
            "vn/customs/digital/lab/payments/SandboxBank.class",
                "vn/customs/digital/lab/edge/DeviceSimulator.class",
            "vn/customs/digital/edge/simulation/SimulatedPassage.class",
                "vn/customs/digital/api/TestApi.class");
  }

  @Test
  @DisplayName("the api's jar holds no class of the lab nor of the product's test jars")
  void apiJarHoldsNoLabClass() throws IOException {
    assertThat(classes(API_JAR)).doesNotContainAnyElementsOf(notProduct);
  }

  @Test
  @DisplayName("the edge agent's jar holds no class of the lab nor of the product's test jars")
  void edgeJarHoldsNoLabClass() throws IOException {
    assertThat(classes(EDGE_JAR)).doesNotContainAnyElementsOf(notProduct);
  }

  @Test
  @DisplayName(
      "neither jar has a lab, bench, simulator, simulation or sandbox package of this project")
  void noPackageOfWhatIsNotTheProduct() throws IOException {
    for (Path jar : List.of(API_JAR, EDGE_JAR)) {
      assertThat(classes(jar))
          .as(jar.toString())
          .filteredOn(c -> c.startsWith("vn/customs/digital/"))
          .isNotEmpty()
          .noneMatch(c -> Stream.of(c.split("/")).anyMatch(NOT_PRODUCT_PACKAGES::contains));
    }
  }

  @Test
  @DisplayName("the api's jar holds none of the edge agent, nor the agent's jar any of the api")
  void deployablesApart() throws IOException {
    assertThat(classes(API_JAR)).noneMatch(c -> c.startsWith("vn/customs/digital/edge/"));
    assertThat(classes(EDGE_JAR)).noneMatch(c -> c.startsWith("vn/customs/digital/api/"));
  }

  /** The class entries of a jar or a class directory, as jar entry names. */
  private static Set<String> classes(Path location) throws IOException {
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        files
            .filter(f -> f.toString().endsWith(".class"))
            .forEach(f -> names.add(location.relativize(f).toString().replace('\\', '/')));
      }
      return names;
    }
    assertThat(location).as("built by mvn package").isRegularFile();
    try (ZipFile jar = new ZipFile(location.toFile())) {
      jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).forEach(names::add);
    }
    return names;
  }
}
