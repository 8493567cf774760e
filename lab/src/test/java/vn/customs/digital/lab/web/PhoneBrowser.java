package vn.customs.digital.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver (never a downloaded browser or
 * driver), as a mid-range Android phone: a 412 x 915 viewport at 2.625 device pixels, touch events,
 * a phone's user agent. Each step can be checked with axe-core (the npm package the web module
 * pins, injected from the local file) and kept as a screenshot under target/screenshots.
 */
final class PhoneBrowser implements AutoCloseable {
  static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  private final String name;
  private final Path screenshots;
  private int step;

  PhoneBrowser(String name) {
    this(name, false);
  }

  /** The same browser at an officer's desk: a 1280 x 800 desktop window, no phone emulation. */
  static PhoneBrowser desktop(String name) {
    return new PhoneBrowser(name, true);
  }

  private PhoneBrowser(String name, boolean desktop) {
    for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      assertThat(new File(binary).canExecute())
          .as(binary + " (Debian packages chromium and chromium-driver; ops/test installs them)")
          .isTrue();
    }
    this.name = name;
    this.screenshots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--lang=vi-VN",
        desktop ? "--window-size=1280,800" : "--window-size=412,915");
    if (!desktop) {
      options.setExperimentalOption(
          "mobileEmulation",
          Map.of(
              "deviceMetrics",
              Map.of("width", 412, "height", 915, "pixelRatio", 2.625, "touch", true),
              "userAgent",
              "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko)"
                  + " Chrome/156.0.0.0 Mobile Safari/537.36"));
    }
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  /**
   * Waits until {@code condition} holds. An element the page redrew between finding it and reading
   * it (a live event re-rendering a list) is stale: the condition is tried again, as a user's eyes
   * would look again.
   */
  <T> T until(Function<WebDriver, T> condition) {
    return until(WAIT, condition);
  }

  /** As {@link #until(Function)}, waiting at most {@code timeout}. */
  <T> T until(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  void waitText(String css, String text) {
    until(
        d ->
            d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(text))
                ? true
                : null);
  }

  /** Sets a field as a user's typing would (value, then input and change events). */
  void set(String id, String value) {
    until(
        d -> {
          WebElement e =
              d.findElements(By.cssSelector("#" + cssId(id))).stream().findFirst().orElse(null);
          if (e == null) {
            return null;
          }
          ((JavascriptExecutor) d)
              .executeScript(
                  "const e = arguments[0]; e.value = arguments[1];"
                      + " e.dispatchEvent(new Event('input', {bubbles: true}));"
                      + " e.dispatchEvent(new Event('change', {bubbles: true}));",
                  e,
                  value);
          return true;
        });
  }

  static String cssId(String id) {
    return id.replace("/", "\\/").replace(".", "\\.");
  }

  /** Taps the element; one redrawn before the tap is found again and tapped (never twice). */
  void tap(String css) {
    until(
        d -> {
          WebElement e = d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null);
          if (e == null) {
            return null;
          }
          e.click();
          return true;
        });
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** axe-core on the page as it is now: WCAG 2.0-2.2 A and AA rules, no violation allowed. */
  void accessible(String what) {
    String axe;
    try {
      axe =
          Files.readString(
              Path.of(System.getProperty("axe.js", "../web/node_modules/axe-core/axe.min.js")),
              StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("axe-core is missing (the web module's npm ci installs it)", e);
    }
    js(axe);
    Object violations =
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + " axe.run(document, {runOnly: {type: 'tag', values:"
                + " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
                + ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact,"
                + " nodes: v.nodes.map(n => n.target.join(' '))})))))"
                + ".catch(e => done('axe failed: ' + e));");
    assertThat(String.valueOf(violations)).as("axe-core violations on " + what).isEqualTo("[]");
  }

  /** The page as the user sees it now, as target/screenshots/NAME-NN-STEP.png. */
  void screenshot(String stepName) {
    try {
      Files.createDirectories(screenshots);
      Files.write(
          screenshots.resolve(String.format("%s-%02d-%s.png", name, ++step, stepName)),
          driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Both: the step checked for accessibility and kept as a picture. */
  void check(String stepName) {
    screenshot(stepName);
    accessible(stepName);
  }

  @Override
  public void close() {
    try {
      // what the page said on its console, in the test's output (target/surefire-reports)
      driver
          .manage()
          .logs()
          .get(LogType.BROWSER)
          .forEach(
              e ->
                  System.out.println(
                      "[" + name + " console] " + e.getLevel() + " " + e.getMessage()));
    } finally {
      driver.quit();
    }
  }
}
