package vn.customs.digital.api.http;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import vn.customs.digital.api.TestApi;

/**
 * Requests written byte for byte to the api's socket, for what an HTTP client library refuses to
 * send: malformed request lines, control characters in headers, raw non-ASCII in the target, odd
 * versions.
 */
final class RawHttp {
  private RawHttp() {}

  record Response(String statusLine, int status, Map<String, String> headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  static Response send(String head) {
    return send(head.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Writes the request and reads one response: up to its Content-Length, or to the close. */
  static Response send(byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", TestApi.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!endsWithBlankLine(head)) {
        int b = in.read();
        if (b < 0) {
          throw new IllegalStateException("the connection closed before a response head: " + head);
        }
        head.write(b);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
        }
      }
      String length = headers.get("content-length");
      byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
      String[] status = lines[0].split(" ", 3);
      return new Response(
          lines[0], Integer.parseInt(status[1]), headers, new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
    byte[] b = head.toByteArray();
    int n = b.length;
    return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
  }

  static String contentType(Response r) {
    String type = r.headers().get("content-type");
    return type == null ? "" : type.toLowerCase(Locale.ROOT);
  }
}
