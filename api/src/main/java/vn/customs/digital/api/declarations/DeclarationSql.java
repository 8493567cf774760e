package vn.customs.digital.api.declarations;

import vn.customs.digital.api.auth.Tenancy;

/** Every SQL statement of the declarations package. */
final class DeclarationSql {
  private DeclarationSql() {}

  static final String NEXT_NUMBER = "select nextval('declaration_number_seq') as n";

  static final String INSERT =
      """
      insert into declarations (id, number, enterprise_tax_code, broker_tax_code, created_by, type, status, channel, version,
                                customs_office_code, border_gate_code, total_payable_vnd, created_at, updated_at, submitted_at, released_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15)
      """;

  /** Moves a declaration on, guarded by the status and version the caller saw (optimistic). */
  static final String UPDATE =
      """
      update declarations set number = coalesce(number, $3), broker_tax_code = $4, type = $5, status = $6, channel = $7, version = $8,
             customs_office_code = $9, border_gate_code = $10, total_payable_vnd = $11, updated_at = $12,
             submitted_at = coalesce($13, submitted_at), released_at = coalesce($14, released_at), inspection_cleared = false
       where id = $1 and version = $2 and status = $15
      """;

  /**
   * A supplementary declaration after release: the new version and what it assesses; status,
   * channel and inspection result stay, guarded by the version and status the caller saw.
   */
  static final String AMEND_RELEASED =
      """
      update declarations set version = $3, broker_tax_code = $4, total_payable_vnd = $5, updated_at = $6
       where id = $1 and version = $2 and status = $7
      """;

  /** The first release stays the release time: a lifted hold releases again. */
  static final String SET_STATUS =
      """
      update declarations set status = $3, updated_at = $4,
             released_at = case when $3 = 'RELEASED' then coalesce(released_at, $4) else released_at end
       where id = $1 and status = $2
      """;

  /**
   * $1 id, $2 version: the unsigned version a draft had, replaced by the signed one that submits
   * it.
   */
  static final String DELETE_UNSIGNED_VERSION =
      """
      delete from declaration_versions where declaration_id = $1 and version = $2 and signed_jws is null
      """;

  static final String INSERT_VERSION =
      """
      insert into declaration_versions (declaration_id, version, document, signed_jws, signing_kid, signer_tax_code, assessment, created_by, created_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      """;

  /**
   * The decision record, its facts and the profile as the risk core wrote them (JSON text, stored
   * as jsonb as is).
   */
  static final String INSERT_DECISION =
      """
      insert into risk_decisions (declaration_id, version, ruleset_id, ruleset_version, random_key_day, channel, decision, facts, profile, decided_at)
      values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9::text::jsonb, $10)
      """;

  /**
   * The current version of one declaration, with the public reasons of the decision it was routed
   * on: its own, or for an amendment after release (not routed again) the latest earlier one. The
   * partitioned tables are asked for $1 itself, not through d.id: then a plan made for the value
   * reads one partition from planning on (ops/bench partitions).
   */
  static final String ONE =
      """
      select d.*, v.document, v.signed_jws, v.signing_kid, v.signer_tax_code, v.assessment, r.reasons
        from declarations d
        join declaration_versions v on v.declaration_id = $1 and v.version = d.version
        left join lateral (select decision -> 'reasonCodes' as reasons from risk_decisions
                            where declaration_id = $1 and version <= d.version order by version desc limit 1) r on true
       where d.id = $1
      """;

  /**
   * Whose declarations a caller may see: a trader its enterprise's, a broker its principals' ($9
   * now).
   */
  static final String VISIBLE_TO =
      "(d.enterprise_tax_code = $1 and $2::text = 'trader')"
          + " or ($2::text = 'broker' and exists (select 1 from delegation g where g.broker_tax_code = $1"
          + " and g.enterprise_tax_code = d.enterprise_tax_code and "
          + Tenancy.delegationInForce("g", 9)
          + "))";

  /**
   * $1 tax code, $2 role, $3 status, $4 from, $5 to, $6 cursor time, $7 cursor id, $8 limit, $9
   * now, $10 principal (one enterprise) or null.
   */
  static final String LIST =
      """
      select d.id, d.number, d.status, d.channel, d.type, d.version, d.enterprise_tax_code, d.broker_tax_code,
             d.total_payable_vnd, d.created_at, d.submitted_at, d.released_at
        from declarations d
       where (%s)
         and ($10::text is null or d.enterprise_tax_code = $10)
         and ($3::text is null or d.status = $3)
         and ($4::timestamptz is null or d.created_at >= $4)
         and ($5::timestamptz is null or d.created_at < $5)
         and ($6::timestamptz is null or (d.created_at, d.id) < ($6, $7::uuid))
       order by d.created_at desc, d.id desc
       limit $8
      """
          .formatted(VISIBLE_TO);

  /**
   * $1 declaration, $2 officer: the declaration was handed to this officer (the queue), or the
   * officer recorded an inspection of it; either lets an officer of another office read it.
   */
  static final String OFFICER_CONCERNED =
      """
      select 1 from officer_queue where declaration_id = $1 and officer = $2
      union all
      select 1 from inspections where declaration_id = $1 and officer = $2
      limit 1
      """;

  /** $1 declaration: every version, oldest first. */
  static final String VERSIONS =
      """
      select version, document, signed_jws, signing_kid, signer_tax_code, assessment, created_by, created_at
        from declaration_versions where declaration_id = $1 order by version
      """;

  /**
   * $1 declarant, $2 document ids: of the documents a declaration names, those its declarant's
   * enterprise uploaded, with their digests.
   */
  static final String DOCUMENTS_OF_DECLARANT =
      "select id, sha256 from documents where enterprise_tax_code = $1 and id = any($2::uuid[])";

  /** $1 declaration, $2 version, $3 document ids: the documents a signed version names. */
  static final String NAME_DOCUMENTS =
      """
      insert into declaration_documents (declaration_id, version, document_id)
      select $1, $2, unnest($3::uuid[])
      """;

  /**
   * $1 agencies, $2 numbers (same order), $3 declaration (or null): the permits a declaration
   * cites, locked until its transaction ends, with what this declaration already holds of each.
   */
  static final String PERMITS_CITED =
      """
      select p.agency, p.number, p.kind, p.holder_tax_code, p.hs_codes, p.unit, p.remaining, p.valid_from,
             p.valid_until, p.revoked_at, p.revocation_reason, coalesce(u.quantity, 0) as held
        from permits p
        join unnest($1::text[], $2::text[]) c(agency, number) on c.agency = p.agency and c.number = p.number
        left join permit_uses u on u.agency = p.agency and u.number = p.number and u.declaration_id = $3
         for update of p
      """;

  /**
   * $1 declaration: what it held of permits goes back to them (a new version cites anew, or the
   * declaration is cancelled); one row per permit with what went back.
   */
  static final String PERMITS_GIVE_BACK =
      """
      with gone as (delete from permit_uses where declaration_id = $1 returning agency, number, quantity)
      update permits p set remaining = p.remaining + g.quantity from gone g where p.agency = g.agency and p.number = g.number
      returning p.agency, p.number, g.quantity, p.unit
      """;

  /** $1 agency, $2 number, $3 quantity, $4 declaration, $5 version, $6 now. */
  static final String PERMIT_TAKE =
      """
      with taken as (update permits set remaining = remaining - $3 where agency = $1 and number = $2 returning agency, number)
      insert into permit_uses (agency, number, declaration_id, version, quantity, used_at)
      select agency, number, $4, $5, $3, $6 from taken
      """;
}
