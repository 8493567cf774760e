package vn.customs.digital.api.documents;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The default {@link DocumentStore}: the bytes in PostgreSQL ({@code document_contents}, V15), in
 * the upload's transaction. Documents are bounded by {@code DOCUMENT_MAX_BYTES} (10 MiB by
 * default), well within what a {@code bytea} value and the database's backups carry.
 */
public final class PostgresDocumentStore implements DocumentStore {
  private final Pool pool;

  public PostgresDocumentStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> put(SqlConnection tx, String sha256, Buffer content) {
    return tx.preparedQuery(DocumentSql.PUT_CONTENT).execute(Tuple.of(sha256, content)).mapEmpty();
  }

  @Override
  public Future<Buffer> get(String sha256) {
    return pool.preparedQuery(DocumentSql.CONTENT)
        .execute(Tuple.of(sha256))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new IllegalStateException("no content stored under " + sha256);
              }
              return rows.iterator().next().getBuffer("content");
            });
  }
}
