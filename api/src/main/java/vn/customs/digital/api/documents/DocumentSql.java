package vn.customs.digital.api.documents;

/** Every SQL statement of the documents package. */
final class DocumentSql {
  private DocumentSql() {}

  static final String PUT_CONTENT =
      "insert into document_contents (sha256, content) values ($1, $2) on conflict (sha256) do nothing";

  static final String CONTENT = "select content from document_contents where sha256 = $1";

  static final String INSERT =
      """
      insert into documents (id, enterprise_tax_code, media_type, size_bytes, sha256, uploaded_by, uploaded_at)
      values ($1, $2, $3, $4, $5, $6, $7)
      """;

  /** $1 id, $2 owner. */
  static final String OWNED = "select * from documents where id = $1 and enterprise_tax_code = $2";

  /** $1 declaration, $2 document: the document as some version of the declaration names it. */
  static final String NAMED_BY =
      """
      select d.* from documents d
       where d.id = $2 and exists (select 1 from declaration_documents n where n.declaration_id = $1 and n.document_id = $2)
      """;

  /** $1 owner, $2 ids: which of these documents the enterprise uploaded, with their digests. */
  static final String OF_OWNER =
      "select id, sha256, media_type, size_bytes from documents where enterprise_tax_code = $1 and id = any($2::uuid[])";
}
