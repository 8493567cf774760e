package vn.customs.digital.api.gates;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import vn.customs.digital.api.signing.ServiceKeys;

/**
 * A gate's clearance feed as the agents read it: a snapshot (what may pass now) or the changes
 * after a cursor, each entry a JWS signed with the service key so the agent verifies it offline.
 * The cursor is the highest {@code seq} of the gate's feed that the answer covers.
 */
final class ClearanceFeed {
  static final String ENTRY_TYPE = "clearance+jws";

  private final Vertx vertx;
  private final Pool pool;
  private final ServiceKeys keys;
  private final PassageAuthorisations passages;

  ClearanceFeed(Vertx vertx, Pool pool, ServiceKeys keys, PassageAuthorisations passages) {
    this.vertx = vertx;
    this.pool = pool;
    this.keys = keys;
    this.passages = passages;
  }

  /** The current head of the gate's feed: a cursor after which only new entries come. */
  Future<Long> head(String gate) {
    return pool.preparedQuery(GateSql.FEED_HEAD)
        .execute(Tuple.of(gate))
        .map(rows -> rows.iterator().next().getLong("head"));
  }

  /**
   * {@code since == null}, or a cursor this feed never issued (garbage, or ahead of the head after
   * a database restore): a snapshot. Otherwise the delta after it. Either way with the one-time
   * passage commands the gate's agents are still to act on ({@code commands}, signed when they were
   * authorised: {@link PassageAuthorisations}), every time until used or expired.
   */
  Future<JsonObject> read(String gate, String since) {
    Long from = cursor(since);
    return head(gate)
        .compose(
            head -> {
              boolean snapshot = from == null || from > head;
              Tuple args = snapshot ? Tuple.of(gate, head) : Tuple.of(gate, from, head);
              return pool.preparedQuery(snapshot ? GateSql.SNAPSHOT : GateSql.DELTA)
                  .execute(args)
                  .compose(
                      rows -> {
                        List<JsonObject> payloads = new ArrayList<>();
                        rows.forEach(r -> payloads.add(payload(r)));
                        return sign(payloads);
                      })
                  .compose(
                      entries ->
                          passages
                              .pendingCommands(gate)
                              .map(
                                  commands ->
                                      new JsonObject()
                                          .put("cursor", String.valueOf(head))
                                          .put("snapshot", snapshot)
                                          .put("entries", entries)
                                          .put("commands", commands)));
            });
  }

  /** Signing is CPU work proportional to the entries: off the event loop. */
  private Future<JsonArray> sign(List<JsonObject> payloads) {
    if (payloads.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    return vertx.executeBlocking(
        () -> {
          JsonArray entries = new JsonArray();
          payloads.forEach(p -> entries.add(new JsonObject().put("jws", keys.sign(p, ENTRY_TYPE))));
          return entries;
        },
        false);
  }

  /** The signed payload, exactly as edge-agent/README.md specifies it. */
  static JsonObject payload(Row r) {
    JsonObject p =
        new JsonObject()
            .put("kind", r.getString("kind"))
            .put("gate", r.getString("gate_code"))
            .put("containerNumber", r.getString("container_number"))
            .put("declarationId", r.getUUID("declaration_id").toString())
            .put("declarationNumber", r.getString("declaration_number"))
            .put("plate", r.getString("plate"))
            .put("sealId", r.getString("seal_id"))
            .put("validUntil", r.getOffsetDateTime("valid_until").toInstant().toString())
            .put("issuedAt", r.getOffsetDateTime("issued_at").toInstant().toString())
            .put("seq", r.getLong("seq"));
    if (r.getString("reason") != null) {
      p.put("reason", r.getString("reason"));
    }
    return p;
  }

  private static Long cursor(String since) {
    if (since == null || since.isBlank() || since.length() > 19) {
      return null;
    }
    try {
      long value = Long.parseLong(since);
      return value < 0 ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
