package vn.customs.digital.api.documents;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import vn.customs.digital.api.platform.TimeOrderedIds;
import vn.customs.digital.problems.Problem;

/**
 * Electronic supporting documents: an upload becomes an immutable document of the enterprise it was
 * uploaded for, identified by its id and its SHA-256; its type is what its first bytes say it is
 * (PDF, JPEG or PNG), never what the client called it. The bytes go to the {@link DocumentStore},
 * the metadata to PostgreSQL, in one transaction.
 */
public final class Documents {
  /** The media types a document may have, each recognised by its leading bytes. */
  public static final List<String> MEDIA_TYPES =
      List.of("application/pdf", "image/jpeg", "image/png");

  private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private final Pool pool;
  private final Clock clock;
  private final DocumentStore store;
  private final int maxBytes;

  public Documents(Pool pool, Clock clock, DocumentStore store, int maxBytes) {
    this.pool = pool;
    this.clock = clock;
    this.store = store;
    this.maxBytes = maxBytes;
  }

  public int maxBytes() {
    return maxBytes;
  }

  /** A stored document's metadata. */
  public record Document(
      UUID id,
      String enterpriseTaxCode,
      String mediaType,
      int sizeBytes,
      String sha256,
      String uploadedBy,
      Instant uploadedAt) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id.toString())
          .put("enterpriseTaxCode", enterpriseTaxCode)
          .put("mediaType", mediaType)
          .put("sizeBytes", sizeBytes)
          .put("sha256", sha256)
          .put("uploadedBy", uploadedBy)
          .put("uploadedAt", uploadedAt.toString());
    }

    /** The file name a download suggests: the id and the extension of its recognised type. */
    public String fileName() {
      return id
          + switch (mediaType) {
            case "application/pdf" -> ".pdf";
            case "image/jpeg" -> ".jpg";
            default -> ".png";
          };
    }

    static Document from(Row r) {
      return new Document(
          r.getUUID("id"),
          r.getString("enterprise_tax_code"),
          r.getString("media_type"),
          r.getInteger("size_bytes"),
          r.getString("sha256"),
          r.getString("uploaded_by"),
          r.getOffsetDateTime("uploaded_at").toInstant());
    }
  }

  /**
   * The media type the content's leading bytes announce (PDF {@code %PDF-}, JPEG {@code FF D8 FF},
   * PNG's 8-byte signature), or null for anything else.
   */
  public static String sniff(Buffer content) {
    if (startsWith(content, PDF)) {
      return "application/pdf";
    }
    if (startsWith(content, JPEG)) {
      return "image/jpeg";
    }
    if (startsWith(content, PNG)) {
      return "image/png";
    }
    return null;
  }

  private static boolean startsWith(Buffer content, byte[] magic) {
    if (content.length() < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (content.getByte(i) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  public static String sha256(Buffer content) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stores an upload for {@code owner}: 413 over the size bound, 415 when its bytes are not a PDF,
   * JPEG or PNG (whatever the request said), else a new immutable document.
   */
  public Future<Document> upload(String owner, String uploadedBy, Buffer content) {
    if (content == null || content.length() == 0) {
      return Future.failedFuture(
          Problem.validation(
                  "the document is empty",
                  List.of(new Problem.FieldError("", "send the file's bytes as the body")))
              .exception());
    }
    if (content.length() > maxBytes) {
      return Future.failedFuture(
          Problem.of(
                  "payload-too-large",
                  413,
                  "The document is too large",
                  "a document may have at most " + maxBytes + " bytes")
              .exception());
    }
    String mediaType = sniff(content);
    if (mediaType == null) {
      return Future.failedFuture(
          Problem.of(
                  "unsupported-media-type",
                  415,
                  "The document is not a PDF, JPEG or PNG file",
                  "its content does not start as a PDF, JPEG or PNG file does, whatever its name or"
                      + " Content-Type say")
              .exception());
    }
    String digest = sha256(content);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Document document =
        new Document(
            TimeOrderedIds.next(), owner, mediaType, content.length(), digest, uploadedBy, now);
    return pool.withTransaction(
            tx ->
                store
                    .put(tx, digest, content)
                    .compose(
                        v ->
                            tx.preparedQuery(DocumentSql.INSERT)
                                .execute(
                                    Tuple.from(
                                        new Object[] {
                                          document.id(),
                                          owner,
                                          mediaType,
                                          content.length(),
                                          digest,
                                          uploadedBy,
                                          now.atOffset(ZoneOffset.UTC)
                                        }))))
        .map(document);
  }

  /** The enterprise's document, or 404 (another enterprise's does not exist for it). */
  public Future<Document> owned(UUID id, String owner) {
    return one(pool, DocumentSql.OWNED, Tuple.of(id, owner), id);
  }

  /** A document some version of the declaration names, or 404. */
  public Future<Document> namedBy(UUID declarationId, UUID id) {
    return one(pool, DocumentSql.NAMED_BY, Tuple.of(declarationId, id), id);
  }

  private static Future<Document> one(SqlClient client, String sql, Tuple args, UUID id) {
    return client
        .preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound("no document " + id).exception();
              }
              return Document.from(rows.iterator().next());
            });
  }

  /** The bytes of a document. */
  public Future<Buffer> content(Document document) {
    return store.get(document.sha256());
  }

  /**
   * Of the given ids, the documents {@code owner} uploaded, by id (on the given client: a
   * submission's transaction).
   */
  public static Future<Map<UUID, Document>> ofOwner(
      SqlClient client, String owner, List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(DocumentSql.OF_OWNER)
        .execute(Tuple.of(owner, (Object) ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, Document> found = new HashMap<>();
              for (Row r : rows) {
                found.put(
                    r.getUUID("id"),
                    new Document(
                        r.getUUID("id"),
                        owner,
                        r.getString("media_type"),
                        r.getInteger("size_bytes"),
                        r.getString("sha256"),
                        null,
                        null));
              }
              return found;
            });
  }
}
