package vn.customs.digital.edge.coap.devices;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.coap.CoapSetup;
import vn.customs.digital.edge.config.GateConfig;

/**
 * Observes one device resource (RFC 7641) and keeps the observation alive across device restarts.
 * Every check interval a GET probes the device: a probe unanswered for two intervals (at least 1 s,
 * so a busy moment is not an outage) marks it down; the first answer after that starts a fresh
 * observation. While the device is up but quiet, the observation is re-registered (same token,
 * Observe=0), so a device that restarted between two probes, and so forgot its observers, gets us
 * back. Californium's threads only hand results to the agent's event loop; all state lives there.
 */
public final class DeviceObservation {
  private static final Logger log = LoggerFactory.getLogger(DeviceObservation.class);

  /** What the agent hears from a device; called on the agent's event loop. */
  public interface Listener {
    /**
     * A representation of the resource. {@code initial} marks the answer to the agent's first
     * registration with the device: state from before the agent was listening, not something that
     * just happened. Answers to later re-registrations are not initial: what the device published
     * while the observation was being re-established still counts (the listener de-duplicates what
     * it has already seen).
     */
    void onPayload(
        GateConfig.CoapDevice device, String payload, boolean initial, long receivedNanos);

    void onDown(GateConfig.CoapDevice device, String problem);

    void onUp(GateConfig.CoapDevice device);
  }

  private final Vertx vertx;
  private final Context context;
  private final GateConfig.CoapDevice device;
  private final Duration checkInterval;
  private final Listener listener;
  private final Clock clock;
  private CoapEndpoint endpoint;
  private CoapClient client;
  private CoapObserveRelation relation;
  private long checkTimer = -1;
  private boolean probeOutstanding;
  private long probeSentNanos;
  private boolean registeredBefore;
  private boolean notifiedSinceCheck;
  private boolean up = true;
  private boolean stopped;
  private volatile Instant lastSeen;
  private volatile boolean observing;

  public DeviceObservation(
      Vertx vertx,
      Context context,
      GateConfig.CoapDevice device,
      Duration checkInterval,
      Listener listener,
      Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.device = device;
    this.checkInterval = checkInterval;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * Creates the CoAP endpoint (and the DTLS connector): blocking, call from a worker before {@link
   * #start()}.
   */
  public DeviceObservation open() {
    endpoint = CoapSetup.clientFor(device);
    client = new CoapClient(device.uri().toString());
    client.setEndpoint(endpoint);
    return this;
  }

  /** Starts observing; call on the agent's event loop, after {@link #open()}. */
  public void start() {
    observe();
    checkTimer = vertx.setPeriodic(checkInterval.toMillis(), id -> check());
  }

  private void observe() {
    if (relation != null && !relation.isCanceled()) {
      relation.proactiveCancel();
    }
    boolean startup = !registeredBefore;
    registeredBefore = true;
    observing = false; // until the device answers this registration
    relation =
        client.observe(
            new CoapHandler() {
              private boolean first = startup;

              @Override
              public void onLoad(CoapResponse response) {
                long received = System.nanoTime();
                boolean initial = first;
                first = false;
                context.runOnContext(v -> onNotification(response, initial, received));
              }

              @Override
              public void onError() {
                context.runOnContext(
                    v -> {
                      log.atWarn()
                          .addKeyValue("device", device.id())
                          .log("observation failed; will re-observe");
                      relation = null;
                      observing = false;
                    });
              }
            });
  }

  private void onNotification(CoapResponse response, boolean initial, long receivedNanos) {
    if (stopped) {
      return;
    }
    seen();
    notifiedSinceCheck = true;
    if (!response.isSuccess()) {
      log.atWarn()
          .addKeyValue("device", device.id())
          .addKeyValue("code", response.getCode())
          .log("device answered the observation with an error");
      return;
    }
    observing = true;
    String payload = response.getResponseText();
    if (payload != null && !payload.isBlank()) {
      listener.onPayload(device, payload, initial, receivedNanos);
    }
  }

  private void check() {
    if (stopped) {
      return;
    }
    long downAfterNanos = Math.max(2 * checkInterval.toNanos(), Duration.ofSeconds(1).toNanos());
    long waited = System.nanoTime() - probeSentNanos;
    if (probeOutstanding) {
      if (waited < downAfterNanos) {
        return;
      }
      if (up) {
        up = false;
        observing = false;
        if (relation != null) {
          relation.reactiveCancel();
          relation = null;
        }
        listener.onDown(device, "no answer within " + waited / 1_000_000 + " ms");
      }
    }
    probeOutstanding = true;
    probeSentNanos = System.nanoTime();
    client.get(
        new CoapHandler() {
          @Override
          public void onLoad(CoapResponse response) {
            context.runOnContext(v -> probeAnswered());
          }

          @Override
          public void onError() {
            // the next check sees the probe unanswered
          }
        });
  }

  private void probeAnswered() {
    if (stopped) {
      return;
    }
    probeOutstanding = false;
    seen();
    if (!up) {
      up = true;
      listener.onUp(device);
      observe();
    } else if (relation == null || relation.isCanceled()) {
      observe();
    } else if (!notifiedSinceCheck) {
      try {
        relation.reregister();
      } catch (IllegalStateException canceled) {
        // Californium may cancel the observe request (its exchange failed) before the relation says
        // so; a new
        // observation takes its place, where re-registering would throw at every check and never
        // observe again.
        observe();
      }
    }
    notifiedSinceCheck = false;
  }

  private void seen() {
    lastSeen = clock.instant();
  }

  public Optional<Instant> lastSeen() {
    return Optional.ofNullable(lastSeen);
  }

  /**
   * Whether the device has answered the agent's current observation (its registration, at least):
   * false before that, after the device went down and while a new observation waits for its answer.
   */
  public boolean observing() {
    return observing;
  }

  public boolean up() {
    return up;
  }

  public GateConfig.CoapDevice device() {
    return device;
  }

  public void stop() {
    stopped = true;
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
    if (relation != null) {
      relation.reactiveCancel();
    }
    if (client != null) {
      client.shutdown();
    }
    if (endpoint != null) {
      endpoint.destroy();
    }
  }
}
