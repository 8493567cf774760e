-- The permit register (issue 17): licences and certificates of other agencies (the national single window's
-- e-permits), each posted by its agency as a compact JWS signed with the agency's own key (PERMIT_AGENCIES_FILE),
-- kept as signed. A declaration cites permits by agency and number; at each signed version the api checks
-- holder, goods, validity and the quantity left, and takes the declared quantity off it in the same transaction
-- (permit_uses: what each declaration holds of a permit, given back when an amendment cites it anew or no more).
create table permits (
  agency          text not null check (agency ~ '^[A-Z0-9]{2,10}$'),
  number          text not null check (number ~ '^[A-Z0-9./-]{1,40}$'),
  kind            text not null check (kind in ('IMPORT_LICENCE', 'EXPORT_LICENCE', 'QUARANTINE_CERTIFICATE',
                                                'INSPECTION_REGISTRATION', 'INSPECTION_RESULT')),
  holder_tax_code text not null check (holder_tax_code ~ '^[0-9]{10}([0-9]{3})?$'),
  hs_codes        text[] not null check (cardinality(hs_codes) between 1 and 50),
  quantity        numeric(20,3) not null check (quantity > 0),
  unit            text not null,
  remaining       numeric(20,3) not null check (remaining >= 0 and remaining <= quantity),
  valid_from      date not null,
  valid_until     date not null check (valid_until >= valid_from),
  signed_jws      text not null,
  signing_kid     text not null,
  received_at     timestamptz not null,
  primary key (agency, number)
);

create table permit_uses (
  agency          text not null,
  number          text not null,
  declaration_id  uuid not null references declarations (id),
  version         int not null,
  quantity        numeric(20,3) not null check (quantity >= 0),
  used_at         timestamptz not null,
  primary key (agency, number, declaration_id),
  foreign key (agency, number) references permits (agency, number)
);
create index permit_uses_declaration on permit_uses (declaration_id);
