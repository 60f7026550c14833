package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrowserSmokeTest {
  @Test
  void headlessChromiumRendersALoopbackPage() throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("Content-Type", "text/html").end("<html><body><h1 id='t'>ok</h1></body></html>"))
        .listen(0, "127.0.0.1").await();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    try {
      driver.get("http://127.0.0.1:" + server.actualPort() + "/");
      new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElements(By.id("t")).size() == 1);
      assertEquals("ok", driver.findElement(By.id("t")).getText());
    } finally {
      driver.quit();
      vertx.close().await();
    }
  }
}
