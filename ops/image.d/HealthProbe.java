import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The images' health check (ops/image): {@code java -cp /opt/app/health-probe.jar HealthProbe URL
 * [PORT_VARIABLE]} exits 0 when URL answers 2xx within 3 s, else 1. With PORT_VARIABLE, the port of
 * URL is replaced by that environment variable's value when it is set (the api's HTTP_PORT). The
 * images carry no shell and no curl: a container runtime runs this with the image's own java.
 */
public final class HealthProbe {
  private HealthProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: HealthProbe URL [PORT_VARIABLE]");
      System.exit(2);
    }
    URI uri = URI.create(args[0]);
    String port = args.length == 2 ? System.getenv(args[1]) : null;
    if (port != null && !port.isBlank()) {
      uri =
          new URI(
              uri.getScheme(),
              null,
              uri.getHost(),
              Integer.parseInt(port.trim()),
              uri.getPath(),
              null,
              null);
    }
    int status;
    try {
      HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection();
      http.setConnectTimeout(3000);
      http.setReadTimeout(3000);
      status = http.getResponseCode();
      http.disconnect();
    } catch (java.io.IOException e) {
      System.err.println(uri + ": " + e);
      System.exit(1);
      return;
    }
    System.out.println(uri + ": " + status);
    System.exit(status >= 200 && status < 300 ? 0 : 1);
  }
}
