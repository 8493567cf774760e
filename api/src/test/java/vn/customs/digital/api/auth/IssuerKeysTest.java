package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The issuer's keys, shared by every event loop")
class IssuerKeysTest {

  private static Thread threadOf(Context context) throws Exception {
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    context.runOnContext(v -> thread.complete(Thread.currentThread()));
    return thread.get(5, TimeUnit.SECONDS);
  }

  /**
   * Asks for a refresh on {@code context}, once that is done: the thread the caller then goes on
   * on.
   */
  private static CompletableFuture<Thread> refresh(Context context, IssuerKeys keys)
      throws Exception {
    CompletableFuture<Thread> goesOn = new CompletableFuture<>();
    CompletableFuture<Void> asked = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          keys.refresh().onComplete(ar -> goesOn.complete(Thread.currentThread()));
          asked.complete(null);
        });
    asked.get(5, TimeUnit.SECONDS);
    return goesOn;
  }

  @Test
  @DisplayName(
      "a refresh joined from another event loop is one fetch, and each caller goes on on its own event loop")
  void joinedRefreshAnswersOnTheCallersEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      // Two verticle instances, as the api deploys them: each on an event loop of its own.
      List<Context> contexts = new CopyOnWriteArrayList<>();
      vertx
          .deployVerticle(
              () ->
                  new VerticleBase() {
                    @Override
                    public Future<?> start() {
                      contexts.add(context);
                      return Future.succeededFuture();
                    }
                  },
              new DeploymentOptions().setInstances(2))
          .toCompletionStage()
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      Context first = contexts.get(0);
      Context second = contexts.get(1);
      Thread firstLoop = threadOf(first);
      Thread secondLoop = threadOf(second);
      assertThat(firstLoop).as("two event loops").isNotSameAs(secondLoop);

      Promise<JWKSet> answer = Promise.promise();
      AtomicInteger fetches = new AtomicInteger();
      IssuerKeys keys =
          new IssuerKeys(
              new IssuerKeys.Source() {
                @Override
                public Future<JWKSet> fetch() {
                  fetches.incrementAndGet();
                  return answer.future();
                }

                @Override
                public String describe() {
                  return "a fetch the test answers";
                }
              },
              Clock.systemUTC(),
              Duration.ZERO);

      CompletableFuture<Thread> firstGoesOn = refresh(first, keys);
      CompletableFuture<Thread> secondGoesOn = refresh(second, keys);
      // The issuer answers on the first event loop, where the fetch was started.
      JWKSet published = new JWKSet(TestIssuer.ecKey("a"));
      first.runOnContext(v -> answer.complete(published));

      assertThat(firstGoesOn.get(5, TimeUnit.SECONDS)).isSameAs(firstLoop);
      assertThat(secondGoesOn.get(5, TimeUnit.SECONDS)).isSameAs(secondLoop);
      assertThat(fetches.get()).isEqualTo(1);
      assertThat(keys.current().hasKeyId("a")).isTrue();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
