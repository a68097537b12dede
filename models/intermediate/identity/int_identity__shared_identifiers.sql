{{ config(materialized=incremental_materialization(), unique_key='node', on_schema_change='fail') }}

-- One row per device- or persona-scope identifier that is shared and must not bridge anything:
-- role inboxes on several accounts or on guest records, emails on too many accounts or typed next
-- to too many people's phones, ESP links clicked from too many browsers, devices
-- logged in to too many accounts. Person-scope sharing (a shop phone) is decided after personas
-- exist, in int_identity__person_edges.
-- Incremental: degrees only grow (evidence is never removed), so an identifier only ever becomes
-- shared; a run recomputes the identifiers at either end of evidence changed since the last one.
{%- set since = incremental_watermark() %}
with identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

all_evidence as (
    select * from {{ ref('int_identity__evidence') }}
),

{%- if since is not none %}
-- Incremental: the identifiers at either end of evidence changed since the last run.
touched as (
    select node_a as node from all_evidence
    where _loaded_at > {{ since }}
    union
    select node_b as node from all_evidence
    where _loaded_at > {{ since }}
),
{%- endif %}

evidence as (
    select * from all_evidence
    {%- if since is not none %}
    where node_a in (select touched.node from touched) or node_b in (select touched.node from touched)
    {%- endif %}
),

identifier_types as (
    select * from {{ ref('identifier_types') }}
),

-- Both directions, so that each identifier sees its neighbours whichever side it was on.
neighbours as (
    select
        node_a as node,
        identifier_type_b as neighbour_type,
        node_b as neighbour,
        confidence
    from evidence
    union all
    select
        node_b as node,
        identifier_type_a as neighbour_type,
        node_a as neighbour,
        confidence
    from evidence
),

degrees as (
    select
        neighbours.node,
        count(
            distinct case when neighbours.neighbour_type = 'account_id' then neighbours.neighbour end
        ) as n_accounts,
        count(
            distinct case
                when neighbours.neighbour_type in ('anonymous_id', 'device_id') then neighbours.neighbour
            end
        ) as n_devices,
        -- Person-scope identifiers (phones, loyalty cards) held with it through weak evidence only
        -- (typed together on a guest order): each is another person's unless evidence says more.
        count(
            distinct case
                when
                    neighbour_types.scope = 'person'
                    and neighbours.confidence < {{ var('person_evidence_strong_confidence') }}
                    then neighbours.neighbour
            end
        ) as n_weak_person_links
    from neighbours
    left join identifier_types as neighbour_types
        on neighbours.neighbour_type = neighbour_types.identifier_type
    group by neighbours.node
),

flagged as (
    select
        identifiers.node,
        identifiers.identifier_type,
        case
            -- A role inbox (info@, sales@) is shared once it is on two accounts, or, on records
            -- with no account (guest orders), once it is typed next to two people's phones or
            -- cards: its buyers are the business's customers, not one person. On one account (a
            -- side business's hello@) it is that persona's own address.
            when
                identifiers.email_context = 'role'
                and (
                    degrees.n_accounts > 1
                    or (coalesce(degrees.n_accounts, 0) = 0 and degrees.n_weak_person_links > 1)
                )
                then 'role_address'
            -- A contact point typed next to more people's phones or cards than its type's
            -- max_persona_links, on any kind of record, is not one person's.
            when
                identifiers.scope = 'persona'
                and identifier_types.max_persona_links is not null
                and degrees.n_weak_person_links > identifier_types.max_persona_links
                then 'too_many_people'
            when
                identifiers.scope = 'persona'
                and identifier_types.max_persona_links is not null
                and degrees.n_accounts > identifier_types.max_persona_links
                then 'too_many_accounts'
            when
                identifiers.identifier_type = 'esp_record_id'
                and degrees.n_devices > {{ var('max_devices_per_esp_record') }}
                then 'public_link'
            when
                identifiers.scope = 'device'
                and degrees.n_accounts > {{ var('max_accounts_per_device') }}
                then 'public_device'
        end as shared_reason,
        degrees.n_accounts,
        degrees.n_devices,
        degrees.n_weak_person_links
    from identifiers
    inner join identifier_types
        on identifiers.identifier_type = identifier_types.identifier_type
    left join degrees
        on identifiers.node = degrees.node
    where identifiers.scope in ('device', 'persona')
),

-- Incremental: only the touched identifiers have all their evidence in this run.
final as (
    select
        flagged.*,
        {{ loaded_at() }} as _loaded_at
    from flagged
    where
        flagged.shared_reason is not null
        and {{ 'flagged.node in (select touched.node from touched)' if since is not none else 'true' }}
)

select * from final
