-- Public catalogue of customs administrative procedures (thủ tục hành chính), looked up by citizens.
create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes it safe to
-- use in generated columns and indexes. Lower-cases too, and maps đ/Đ which unaccent keeps apart in
-- some dictionary versions.
create function dc_fold(t text) returns text
  language sql immutable parallel safe strict
  as $$ select translate(lower(public.unaccent('public.unaccent'::regdictionary, t)), 'đ', 'd') $$;

create table procedures (
  code                 text primary key check (code ~ '^[0-9A-Za-z.\-]{3,32}$'),
  category             text not null,
  service_level        smallint not null check (service_level in (2, 3, 4)),
  title_vi             text not null,
  title_en             text not null,
  summary_vi           text not null,
  summary_en           text not null,
  agency_vi            text not null,
  agency_en            text not null,
  steps_vi             jsonb not null check (jsonb_typeof(steps_vi) = 'array'),
  steps_en             jsonb not null check (jsonb_typeof(steps_en) = 'array'),
  documents_vi         jsonb not null check (jsonb_typeof(documents_vi) = 'array'),
  documents_en         jsonb not null check (jsonb_typeof(documents_en) = 'array'),
  fee_vi               text not null,
  fee_en               text not null,
  processing_time_vi   text not null,
  processing_time_en   text not null,
  legal_basis          jsonb not null check (jsonb_typeof(legal_basis) = 'array'),
  updated_at           timestamptz not null default now(),
  -- Accent- and case-folded text of both languages: what search matches against.
  search_title         text generated always as (dc_fold(title_vi || ' ' || title_en)) stored,
  search_doc           tsvector generated always as (
                         setweight(to_tsvector('simple', dc_fold(title_vi)), 'A') ||
                         setweight(to_tsvector('simple', dc_fold(title_en)), 'A') ||
                         setweight(to_tsvector('simple', dc_fold(summary_vi)), 'B') ||
                         setweight(to_tsvector('simple', dc_fold(summary_en)), 'B') ||
                         setweight(to_tsvector('simple', dc_fold(category || ' ' || code)), 'C')
                       ) stored
);

create index procedures_search_doc on procedures using gin (search_doc);
create index procedures_search_title_trgm on procedures using gin (search_title gin_trgm_ops);
create index procedures_category on procedures (category, code);
