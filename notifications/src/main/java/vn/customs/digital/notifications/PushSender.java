package vn.customs.digital.notifications;

import io.vertx.core.Future;
import java.util.List;

/** Sends pushes to devices. Implementations never block the calling event loop. */
public interface PushSender {

  /** Sends the pushes; the outcomes come back in the same order. */
  Future<List<PushOutcome>> send(List<Push> pushes);

  /** False when no push service is configured: the worker then leaves messages in the outbox. */
  default boolean configured() {
    return true;
  }

  default Future<Void> close() {
    return Future.succeededFuture();
  }

  /** The sender used when FCM_CREDENTIALS is not set: it sends nothing and says so. */
  static PushSender unconfigured() {
    return new PushSender() {
      @Override
      public Future<List<PushOutcome>> send(List<Push> pushes) {
        return Future.failedFuture(
            new IllegalStateException("no push service configured (FCM_CREDENTIALS is not set)"));
      }

      @Override
      public boolean configured() {
        return false;
      }
    };
  }
}
