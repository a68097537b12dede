{#- Person-level match key from name, date of birth and address; NULL unless every part is known,
    so that sparse records never collide on a half-empty key. -#}
{% macro name_dob_address_key(first_name_key, last_name_key, date_of_birth, postal_code, street) -%}
    case
        when {{ first_name_key }} is not null and {{ last_name_key }} is not null
            and {{ date_of_birth }} is not null and {{ postal_code }} is not null
            and {{ street }} is not null
            then {{ hash_key(
                first_name_key ~ " || '|' || " ~ last_name_key ~ " || '|' || cast(" ~ date_of_birth
                ~ " as " ~ dbt.type_string() ~ ") || '|' || " ~ postal_code ~ " || '|' || " ~ street
            ) }}
    end
{%- endmacro %}
