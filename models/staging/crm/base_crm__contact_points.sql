{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed and normalised CRM contact points with the reason a row cannot be staged (NULL = stageable).
-- Phones are read in the owning account's country: contact points carry no country of their own.
with source as (
    select *
    from {{ raw_table('crm', 'crm_contact_points') }}
),

-- The account id as matching compares it (identifier_match_value), computed once per row so that
-- the join below stays an equality of two columns (a hash join).
source_keys as (
    select
        *,
        {{ identifier_match_value("'account_id'", normalize_account_id('account_id')) }} as account_match_value
    from source
),

accounts as (
    select
        account_id,
        {{ identifier_match_value("'account_id'", 'account_id') }} as account_match_value,
        country,
        -- NULL order and ties written out: engines differ on both (Spark puts NULLs first).
        row_number() over (
            partition by {{ identifier_match_value("'account_id'", 'account_id') }}
            order by created_at nulls last, account_id, country nulls last
        ) as account_rank
    from {{ ref('base_crm__accounts') }}
    where quarantine_reason is null
),

-- Each raw date parsed once, beside the raw row as it was read: the typed step reads the parsed
-- date twice (kept when plausible; else why not), and the parse is the longest expression here.
parsed as (
    select
        *,
        {{ raw_record_value('source_keys') }} as raw_record,
        {{ parse_timestamp('added_at') }} as added_at_parsed
    from source_keys
),

typed as (
    select
        source_row._source_file,
        source_row._source_fingerprint,
        source_row._source_line,
        source_row._reject_reason,
        {{ normalize_account_id('source_row.account_id') }} as account_id,
        {{ account_id_invalid_reason('source_row.account_id') }} as account_id_invalid_reason,
        lower(trim(source_row.kind)) as kind,
        case lower(trim(source_row.kind))
            when 'email' then value_forms.email_value
            when 'phone' then value_forms.phone_value
        end as contact_value,
        case lower(trim(source_row.kind))
            when 'email' then value_forms.email_invalid_reason
            when 'phone' then value_forms.phone_invalid_reason
        end as contact_value_invalid_reason,
        lower(trim(source_row.is_primary)) in ('true', 't', '1', 'yes', 'y') as is_primary,
        {{ plausible_value('source_row.added_at_parsed', 'crm_contact_points', 'added_at') }} as added_at,
        {{ date_range_invalid_reason(
            'source_row.added_at', 'source_row.added_at_parsed', 'crm_contact_points', 'added_at'
        ) }}
            as added_at_invalid_reason,
        case
            when lower(trim(source_row.added_by)) in ('customer', 'agent', 'import', 'two_factor')
                then lower(trim(source_row.added_by))
            when {{ is_blank('source_row.added_by') }} then 'unknown'
            else 'other'
        end as added_by,
        source_row.raw_record,
        {{ is_blank('source_row.account_id') }} as is_account_id_blank,
        {{ is_blank('source_row.kind') }} as is_kind_blank,
        {{ is_blank('source_row.value') }} as is_value_blank
    from parsed as source_row
    left join accounts
        on
            source_row.account_match_value = accounts.account_match_value
            and accounts.account_rank = 1
    -- The value read both ways, unconditionally: a normaliser inside a CASE branch runs several
    -- times slower (DuckDB), and reading an email as a phone or back is cheap and never used.
    -- A lateral subquery, not a CTE: it reads the columns of the row it is joined to.
    cross join lateral (  -- noqa: ST05
        select
            {{ normalize_email('source_row.value') }} as email_value,
            {{ email_invalid_reason('source_row.value') }} as email_invalid_reason,
            {{ normalize_phone('source_row.value', 'accounts.country') }} as phone_value,
            {{ phone_invalid_reason('source_row.value', 'accounts.country') }} as phone_invalid_reason
    ) as value_forms
),

final as (
    select
        {{ hash_key("coalesce(account_id, '') || '|' || coalesce(kind, '') || '|' || coalesce(contact_value, '')") }}
            as contact_point_id,
        *,
        {{ quarantine_reason(
            checks=[
                ("is_account_id_blank", "'missing:account_id'"),
                ("account_id is null", "'invalid:account_id:' || account_id_invalid_reason"),
                ("is_kind_blank", "'missing:kind'"),
                ("kind not in ('email', 'phone')", "'invalid:kind'"),
                ("is_value_blank", "'missing:value'"),
                ("contact_value is null", "'invalid:' || kind || ':' || contact_value_invalid_reason")
            ],
            unique_key=['account_id', 'kind', 'contact_value'],
            order_by='added_at, added_by, is_primary desc nulls last'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
