-- One row per (account of a person, safety attribute recorded on any account of that person).
-- Level: person. Routing: every account of the person gets the attribute, whichever account it
-- was recorded on (Sam's peanut allergy); under-merging is the harm here.
-- Account ids are published as the source wrote them and matched as identifier_match_value says
-- (case-insensitively by default: docs/identity-rules.md).
with preferences as (
    select
        *,
        {{ identifier_match_value("'account_id'", 'account_id') }} as account_match_value
    from {{ ref('stg_crm__preferences') }}
    where kind in (
        {%- for kind in var("safety_preference_kinds") %}
            '{{ kind }}'{% if not loop.last %},{% endif %}
        {%- endfor %}
    )
),

identity_map as (
    select
        *,
        {{ identifier_match_value("'account_id'", 'identifier_value') }} as account_match_value
    from {{ ref('identity_map') }}
    where identifier_type = 'account_id' and person_id is not null
),

recorded as (
    select
        identity_map.person_id,
        preferences.account_id as recorded_on_account_id,
        preferences.kind,
        preferences.preference_value as value,
        preferences.updated_at
    from preferences
    inner join identity_map
        on preferences.account_match_value = identity_map.account_match_value
),

final as (
    select
        recorded.person_id,
        person_accounts.identifier_value as account_id,
        person_accounts.persona_id,
        recorded.kind,
        recorded.value,
        recorded.recorded_on_account_id,
        recorded.updated_at
    from recorded
    inner join identity_map as person_accounts
        on recorded.person_id = person_accounts.person_id
)

select * from final
