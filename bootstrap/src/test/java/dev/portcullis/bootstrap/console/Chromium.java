package dev.portcullis.bootstrap.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Test fixture: Debian's headless Chromium driven through Debian's chromedriver (packages {@code chromium}
 * and {@code chromium-driver}; {@code .ci/run} installs them). Nothing is downloaded: when either binary is
 * missing the test fails and says how to install it. Screenshots go to {@code target/console-screenshots}.
 */
final class Chromium implements AutoCloseable {
  static final Path BROWSER = Path.of(System.getenv().getOrDefault("PORTCULLIS_TEST_CHROMIUM", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getenv().getOrDefault("PORTCULLIS_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  final ChromeDriver driver;

  Chromium(int width, int height) {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver (" + BROWSER + ", " + DRIVER
          + "): run `apt-get install -y chromium chromium-driver` as root (.ci/run does), or point PORTCULLIS_TEST_CHROMIUM / PORTCULLIS_TEST_CHROMEDRIVER at them");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    // the flags this machine's closed network needs (no background connections), and a throwaway profile
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--window-size=" + width + "," + height, "--lang=en-GB");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
  }

  /** Waits up to 10 s; a timeout says what the page showed (its status line and main region) to make the failure readable. */
  <T> T until(Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    } catch (org.openqa.selenium.TimeoutException timeout) {
      String shown;
      try {
        shown = "status: " + driver.findElement(By.id("status")).getText() + " | main: " + driver.findElement(By.tagName("main")).getText();
      } catch (RuntimeException unreadable) {
        shown = "page unreadable: " + unreadable.getMessage();
      }
      throw new AssertionError("the page did not get there in 10 s; " + shown, timeout);
    }
  }

  WebElement visible(By by) {
    return until(d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  /** Waits for the page's status line to say something containing {@code text}. */
  String status(String text) {
    return until(d -> {
      String now = d.findElement(By.id("status")).getText();
      return now.contains(text) ? now : null;
    });
  }

  /** Signs in on the page at {@code consoleUrl} (which shows the sign-in form) and waits for the signed-in page. */
  void signIn(String token) {
    visible(By.id("token")).sendKeys(token);
    driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    visible(By.id("sign-out"));
  }

  /** Loads {@code url} and waits for the page's heading to contain {@code heading}. */
  void open(String url, String heading) {
    driver.get(url);
    until(d -> d.findElement(By.tagName("h1")).getText().contains(heading) ? true : null);
  }

  void fill(String form, String name, String value) {
    WebElement input = driver.findElement(By.cssSelector("#" + form + " [name=" + name + "]"));
    input.clear();
    input.sendKeys(value);
  }

  void submit(String form) {
    driver.findElement(By.cssSelector("#" + form + " button[type=submit]")).click();
  }

  /** A destructive button asks once more: the second click acts. */
  void confirm(By button) {
    visible(button).click();
    until(d -> d.findElement(button).getText().startsWith("Confirm") ? true : null);
    driver.findElement(button).click();
  }

  /** The text of the first table on the page, once it contains {@code text}. */
  String tableWith(String text) {
    return until(d -> {
      String now = d.findElement(By.tagName("table")).getText();
      return now.contains(text) ? now : null;
    });
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
