-- Electronic supporting documents (issue 17): invoices, packing lists, bills of lading, C/Os, licences,
-- quarantine certificates, as PDF, JPEG or PNG files a trader or broker uploads for an enterprise.
--
--   * documents: one row per upload, owned by the enterprise it was uploaded for; its media type is the one
--     the api recognised in the bytes (never the name or Content-Type sent), its SHA-256 the one a signed
--     declaration names it by;
--   * document_contents: the bytes, by SHA-256 (content-addressed: the same file uploaded twice is stored
--     once). This is the PostgreSQL DocumentStore; a deployment with an object store keeps the bytes there
--     under the same key and this table stays empty (docs/architecture.md).
--
-- Both are immutable: no update, no delete (a trigger refuses them). An amendment of a declaration names
-- new documents; it never changes one.
create table documents (
  id                  uuid primary key,
  enterprise_tax_code text not null check (enterprise_tax_code ~ '^[0-9]{10}([0-9]{3})?$'),
  media_type          text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes          integer not null check (size_bytes > 0),
  sha256              char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by         text not null,
  uploaded_at         timestamptz not null
);
create index documents_enterprise on documents (enterprise_tax_code, uploaded_at);

create table document_contents (
  sha256  char(64) primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea not null
);

create function documents_immutable() returns trigger language plpgsql as $$
begin
  raise exception '% is immutable: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger documents_immutable before update or delete on documents
  for each row execute function documents_immutable();
create trigger document_contents_immutable before update or delete on document_contents
  for each row execute function documents_immutable();
create trigger documents_no_truncate before truncate on documents
  for each statement execute function documents_immutable();
create trigger document_contents_no_truncate before truncate on document_contents
  for each statement execute function documents_immutable();

-- Which signed version of a declaration names which document (written with the version, in its transaction):
-- what an officer reading the declaration may download, and where a document is used.
create table declaration_documents (
  declaration_id uuid not null references declarations (id),
  version        int not null,
  document_id    uuid not null references documents (id),
  primary key (declaration_id, version, document_id),
  foreign key (declaration_id, version) references declaration_versions (declaration_id, version)
);
create index declaration_documents_document on declaration_documents (document_id);
