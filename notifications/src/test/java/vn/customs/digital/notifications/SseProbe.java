package vn.customs.digital.notifications;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client for tests: parses the stream into events and comments as they arrive.
 */
final class SseProbe {

  record Event(long id, JsonObject data) {
    String messageId() {
      return data.getString("messageId");
    }
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
  private final CountDownLatch connected = new CountDownLatch(1);
  private final StringBuilder pending = new StringBuilder();
  private HttpClientResponse response;

  static SseProbe open(HttpClient client, int port, String user, String lastEventId) {
    SseProbe probe = new SseProbe();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(NotificationRoutes.EVENTS)
            .putHeader(TestUsers.HEADER, user);
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId);
    }
    Future<HttpClientResponse> opened =
        client
            .request(options)
            // the handler is set in the callback that gets the head, on the event loop: set later,
            // the first chunks could pass unread
            .compose(
                req ->
                    req.send()
                        .onSuccess(
                            resp -> {
                              probe.response = resp;
                              resp.handler(buffer -> probe.receive(buffer.toString()));
                            }));
    HttpClientResponse resp = OutboxDatabase.await(opened);
    if (resp.statusCode() != 200
        || !resp.getHeader("Content-Type").startsWith("text/event-stream")) {
      throw new AssertionError(
          "not an event stream: " + resp.statusCode() + " " + resp.getHeader("Content-Type"));
    }
    try {
      if (!probe.connected.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("stream did not say it was connected");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return probe;
  }

  private synchronized void receive(String text) {
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      Long id = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith(": ")) {
          String comment = line.substring(2);
          comments.add(comment);
          if (comment.equals("connected")) {
            connected.countDown();
          }
        } else if (line.startsWith("id: ")) {
          id = Long.parseLong(line.substring(4));
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      if (id != null && data != null) {
        events.add(new Event(id, new JsonObject(data)));
      }
    }
  }

  Event next() {
    try {
      Event event = events.poll(10, TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("no event within 10 s");
      }
      return event;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  String nextComment() {
    try {
      String comment = comments.poll(10, TimeUnit.SECONDS);
      if (comment == null) {
        throw new AssertionError("no comment within 10 s");
      }
      return comment;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Drops the connection, as a phone losing its network would. */
  void drop() {
    OutboxDatabase.await(response.request().connection().close());
  }
}
