{#-
    String similarity functions of the probabilistic comparisons, behind adapter.dispatch.
    DuckDB has all three natively. Spark has levenshtein only: its Jaro-Winkler is an edit-distance
    similarity (1 - levenshtein / longer length) and its Damerau-Levenshtein counts a transposition
    as two edits; the comparison bands read the same, a transposed pair falls one band lower there.
    PostgreSQL gets both as PL/pgSQL functions (string_similarity_setup) that compute what DuckDB
    computes; default__ is the edit-distance form for other engines with levenshtein.
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
    Statements the similarity functions need before a model uses them (a pre-hook of the models
    that compare records). PostgreSQL has neither function: two PL/pgSQL functions in the target
    schema compute them as DuckDB does (Jaro-Winkler as rapidfuzz: window max(len)/2 - 1, half the
    transpositions rounded down, prefix boost 0.1 over at most 4 characters when Jaro > 0.7;
    Damerau-Levenshtein as optimal string alignment). Equal to DuckDB on ASCII text (checked on
    2,500 pairs); DuckDB compares UTF-8 bytes, so accented letters may differ (name keys, streets
    and cities are compared with accents stripped).
    Nothing elsewhere.
-#}
{% macro string_similarity_setup() -%}
    {{- return(adapter.dispatch('string_similarity_setup', 'identity_resolution')()) -}}
{%- endmacro %}

{% macro default__string_similarity_setup() -%}
{%- endmacro %}

{% macro _postgres_similarity_function(name) -%}
    {{- return(adapter.quote(target.schema) ~ '.idr_' ~ name) -}}
{%- endmacro %}

{% macro postgres__string_similarity_setup() -%}
create or replace function {{ identity_resolution._postgres_similarity_function('jaro_winkler') }}(a text, b text)
returns double precision language plpgsql immutable as $fn$
declare
    s1 text; s2 text; l1 int; l2 int; win int; m int := 0; t int := 0; k int := 1; p int := 0;
    f1 boolean[]; f2 boolean[]; jaro double precision;
begin
    if a is null or b is null then return null; end if;
    if length(a) <= length(b) then s1 := a; s2 := b; else s1 := b; s2 := a; end if;
    l1 := length(s1); l2 := length(s2);
    if l1 = 0 and l2 = 0 then return 1.0; end if;
    if l1 = 0 then return 0.0; end if;
    win := greatest(l2 / 2 - 1, 0);
    f1 := array_fill(false, array[l1]); f2 := array_fill(false, array[l2]);
    for i in 1..l1 loop
        for j in greatest(1, i - win)..least(l2, i + win) loop
            if not f2[j] and substr(s1, i, 1) = substr(s2, j, 1) then
                f1[i] := true; f2[j] := true; m := m + 1; exit;
            end if;
        end loop;
    end loop;
    if m = 0 then return 0.0; end if;
    for i in 1..l1 loop
        if f1[i] then
            while not f2[k] loop k := k + 1; end loop;
            if substr(s1, i, 1) <> substr(s2, k, 1) then t := t + 1; end if;
            k := k + 1;
        end if;
    end loop;
    jaro := (m::double precision / l1 + m::double precision / l2 + (m - t / 2)::double precision / m) / 3;
    if jaro > 0.7 then
        while p < least(4, l1) and substr(s1, p + 1, 1) = substr(s2, p + 1, 1) loop p := p + 1; end loop;
        jaro := jaro + p * 0.1 * (1 - jaro);
    end if;
    return jaro;
end $fn$;
create or replace function {{ identity_resolution._postgres_similarity_function('damerau_levenshtein') }}(a text, b text)
returns integer language plpgsql immutable as $fn$
declare
    l1 int; l2 int; d int[]; cost int; w int;
begin
    if a is null or b is null then return null; end if;
    l1 := length(a); l2 := length(b); w := l2 + 1;
    d := array_fill(0, array[(l1 + 1) * w]);
    for i in 0..l1 loop d[i * w + 1] := i; end loop;
    for j in 0..l2 loop d[j + 1] := j; end loop;
    for i in 1..l1 loop
        for j in 1..l2 loop
            cost := case when substr(a, i, 1) = substr(b, j, 1) then 0 else 1 end;
            d[i * w + j + 1] := least(d[(i - 1) * w + j + 1] + 1, d[i * w + j] + 1, d[(i - 1) * w + j] + cost);
            if i > 1 and j > 1 and substr(a, i, 1) = substr(b, j - 1, 1) and substr(a, i - 1, 1) = substr(b, j, 1) then
                d[i * w + j + 1] := least(d[i * w + j + 1], d[(i - 2) * w + j - 1] + 1);
            end if;
        end loop;
    end loop;
    return d[l1 * w + l2 + 1];
end $fn$
{%- endmacro %}

{% macro postgres__jaro_winkler(a, b) -%}
    {{ identity_resolution._postgres_similarity_function('jaro_winkler') }}({{ a }}, {{ b }})
{%- endmacro %}

{% macro postgres__damerau_levenshtein(a, b) -%}
    {{ identity_resolution._postgres_similarity_function('damerau_levenshtein') }}({{ a }}, {{ b }})
{%- endmacro %}
