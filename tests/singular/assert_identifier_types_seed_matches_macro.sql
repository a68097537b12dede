-- The identifier_types seed and the identifier_types() macro list the same published types.
with seeded as (
    select identifier_type from {{ ref('identifier_types') }}
    where identifier_type != 'name_dob_address'
),

listed as (
    {%- for identifier_type in identifier_types() %}
        select '{{ identifier_type }}' as identifier_type
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

only_seeded as (
    select identifier_type from seeded
    except
    select identifier_type from listed
),

only_listed as (
    select identifier_type from listed
    except
    select identifier_type from seeded
)

select * from only_seeded
union all
select * from only_listed
