{#-
    String similarity functions of the probabilistic comparisons, behind adapter.dispatch.
    DuckDB has all three natively. Spark has levenshtein only: its Jaro-Winkler is an edit-distance
    similarity (1 - levenshtein / longer length) and its Damerau-Levenshtein counts a transposition
    as two edits; the comparison bands read the same, a transposed pair falls one band lower there.
    PostgreSQL (default__) needs the fuzzystrmatch extension for levenshtein.
-#}

{#- Jaro-Winkler similarity in [0, 1]; NULL when either side is NULL. -#}
{% macro jaro_winkler(a, b) -%}
    {{- return(adapter.dispatch('jaro_winkler', 'identity_resolution')(a, b)) -}}
{%- endmacro %}

{% macro duckdb__jaro_winkler(a, b) -%}
    jaro_winkler_similarity({{ a }}, {{ b }})
{%- endmacro %}

{% macro default__jaro_winkler(a, b) -%}
    (1.0 - cast(levenshtein({{ a }}, {{ b }}) as double precision)
        / nullif(greatest(length({{ a }}), length({{ b }})), 0))
{%- endmacro %}

{% macro spark__jaro_winkler(a, b) -%}
    (1.0 - cast(levenshtein({{ a }}, {{ b }}) as double)
        / nullif(greatest(length({{ a }}), length({{ b }})), 0))
{%- endmacro %}


{#- Edits (insert, delete, substitute, transpose two neighbours) from a to b; NULL when either is NULL. -#}
{% macro damerau_levenshtein(a, b) -%}
    {{- return(adapter.dispatch('damerau_levenshtein', 'identity_resolution')(a, b)) -}}
{%- endmacro %}

{% macro duckdb__damerau_levenshtein(a, b) -%}
    damerau_levenshtein({{ a }}, {{ b }})
{%- endmacro %}

{% macro default__damerau_levenshtein(a, b) -%}
    levenshtein({{ a }}, {{ b }})
{%- endmacro %}


{#-
    A Soundex-style phonetic key, portable (translate and regex only): the first letter, then the
    consonant classes of the rest (b f p v = 1, c g j k q s x z = 2, d t = 3, l = 4, m n = 5, r = 6),
    vowels and h w y dropped, runs of one class collapsed, cut or padded to four characters.
    name_key: a name match key (lowercase letters only; see name_match_key).
-#}
{% macro phonetic_key(name_key) -%}
    {%- set ns = namespace(sql="translate(substr(" ~ name_key ~ ", 2), 'bfpvcgjkqsxzdtlmnr', '111122222222334556')") -%}
    {%- set ns.sql = identity_resolution.regex_replace_all(ns.sql, '[^1-6]', '') -%}
    {%- for digit in range(1, 7) -%}
        {%- set ns.sql = identity_resolution.regex_replace_all(ns.sql, digit ~ '+', digit ~ '') -%}
    {%- endfor -%}
    case
        when {{ name_key }} is not null
            then substr(substr({{ name_key }}, 1, 1) || {{ ns.sql }} || '000', 1, 4)
    end
{%- endmacro %}


{#-
    Statements the similarity functions need before a model uses them: on PostgreSQL, the
    fuzzystrmatch extension (levenshtein; a trusted extension shipped with PostgreSQL, so a user
    with CREATE on the database may add it). Used as a pre-hook of the models that compare records.
-#}
{% macro string_similarity_setup() -%}
    {{- return(adapter.dispatch('string_similarity_setup', 'identity_resolution')()) -}}
{%- endmacro %}

{% macro default__string_similarity_setup() -%}
{%- endmacro %}

{% macro postgres__string_similarity_setup() -%}
    create extension if not exists fuzzystrmatch
{%- endmacro %}
