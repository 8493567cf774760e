package vn.customs.digital.api.documents;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlConnection;

/**
 * Where the bytes of uploaded documents live, by their SHA-256 (lower-case hex): content-addressed,
 * so a stored file never changes and the same file uploaded twice is kept once. The metadata
 * (owner, media type, size, who uploaded it) is always in PostgreSQL ({@link Documents}); only the
 * bytes go through this interface.
 *
 * <p>{@link PostgresDocumentStore} is the default: nothing else to run, and the bytes commit with
 * their metadata in one transaction. An object store (S3-compatible) could implement this instead:
 * its {@code put} would write the object before the metadata row commits (an object left behind by
 * a rolled-back upload is unreachable and harmless, and the same key is written again by a retry),
 * and its {@code get} would read it back; see docs/architecture.md.
 */
public interface DocumentStore {
  /**
   * Stores {@code content} under {@code sha256}, its digest; storing a key that is already there
   * changes nothing. {@code tx} is the upload's transaction, which a database store joins.
   */
  Future<Void> put(SqlConnection tx, String sha256, Buffer content);

  /** The bytes stored under {@code sha256}; a failed future when there are none. */
  Future<Buffer> get(String sha256);
}
