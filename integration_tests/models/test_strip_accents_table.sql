-- default__strip_accents_sql (the translate() table of the engines without strip_accents, Spark
-- among them) against DuckDB's strip_accents on every character from U+0080 to U+FFFF (the
-- surrogates aside), each alone and between two letters: one row per character.
with

code_points as (

    select code_point
    from range(128, 65536) as code_points (code_point)
    where code_point not between 55296 and 57343

),

characters as (

    select
        code_point,
        chr(cast(code_point as integer)) as single_character,
        'a' || chr(cast(code_point as integer)) || 'b' as between_letters
    from code_points

),

final as (

    select
        code_point,
        strip_accents(single_character) as expected_single,
        {{ identity_resolution.default__strip_accents_sql('single_character') }} as actual_single,
        strip_accents(between_letters) as expected_between,
        {{ identity_resolution.default__strip_accents_sql('between_letters') }} as actual_between

    from characters

)

select * from final
