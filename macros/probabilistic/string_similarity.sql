{#-
    String similarity functions of the probabilistic comparisons, behind adapter.dispatch.
    DuckDB has both natively; both compare UTF-8 bytes (an accented letter is two bytes).
    Spark has neither: spark__ computes DuckDB's values in SQL with higher-order functions over the
    strings' UTF-8 bytes (hex pairs), so the comparison levels, and the probable person level, are
    the same as DuckDB's (tests/python/test_spark.py compares both engines over a list of pairs).
    PostgreSQL gets both as PL/pgSQL functions (string_similarity_setup); default__ is the
    edit-distance form for other engines with levenshtein.
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

{#-
    DuckDB's jaro_winkler_similarity (rapidfuzz) in Spark SQL, over UTF-8 bytes: s1 the shorter
    string (a when lengths are equal), s2 the longer; matching window max(len)/2 - 1 (at least 0);
    each byte of s1 in turn takes the first unmatched equal byte of s2 in its window (aggregate);
    t = half the matched pairs out of order, rounded down; Jaro = (m/len1 + m/len2 + (m - t)/m) / 3;
    when Jaro > 0.7, plus prefix * 0.1 * (1 - Jaro) over a common prefix of at most 4 bytes.
    An empty side (both included) gives 0 and NULL gives NULL, as on DuckDB. Doubles in DuckDB's
    order of operations, so the values are the same to the last bit on the pairs tested.
-#}
{% macro spark__jaro_winkler(a, b) -%}
    case when {{ a }} is not null and {{ b }} is not null then element_at(transform(
        array(named_struct('x', {{ identity_resolution._spark_utf8_bytes(a) }}, 'y', {{ identity_resolution._spark_utf8_bytes(b) }})),
        jw_v -> element_at(transform(
            array(named_struct(
                's1', if(size(jw_v.x) <= size(jw_v.y), jw_v.x, jw_v.y),
                's2', if(size(jw_v.x) <= size(jw_v.y), jw_v.y, jw_v.x))),
            jw_s -> case when size(jw_s.s1) = 0 then 0.0D else element_at(transform(
                array(aggregate(
                    sequence(1, size(jw_s.s1)),
                    cast(array() as array<int>),
                    (jw_matched, jw_i) -> concat(jw_matched, array(coalesce(array_min(filter(
                        sequence(greatest(1, jw_i - greatest(cast(size(jw_s.s2) div 2 as int) - 1, 0)),
                            least(size(jw_s.s2), jw_i + greatest(cast(size(jw_s.s2) div 2 as int) - 1, 0))),
                        jw_j -> element_at(jw_s.s2, jw_j) = element_at(jw_s.s1, jw_i)
                            and not array_contains(jw_matched, jw_j))), 0))))),
                jw_mj -> element_at(transform(
                    array(named_struct(
                        'm', cast(size(filter(jw_mj, jw_j -> jw_j > 0)) as double),
                        't', size(filter(zip_with(
                            filter(zip_with(jw_s.s1, jw_mj, (jw_c, jw_j) -> if(jw_j > 0, jw_c, null)), jw_c -> jw_c is not null),
                            transform(array_sort(filter(jw_mj, jw_j -> jw_j > 0)), jw_j -> element_at(jw_s.s2, jw_j)),
                            (jw_c1, jw_c2) -> jw_c1 != jw_c2), jw_c -> jw_c)) div 2,
                        'prefix', coalesce(nullif(array_position(transform(sequence(1, least(4, size(jw_s.s1))),
                            jw_k -> element_at(jw_s.s1, jw_k) = element_at(jw_s.s2, jw_k)), false), 0) - 1,
                            least(4, size(jw_s.s1))))),
                    jw_r -> case when jw_r.m = 0 then 0.0D else element_at(transform(
                        array((jw_r.m / size(jw_s.s1) + jw_r.m / size(jw_s.s2) + (jw_r.m - jw_r.t) / jw_r.m) / 3.0D),
                        jw_sim -> case when jw_sim > 0.7D then {{ identity_resolution._spark_winkler_boost('jw_sim', 'jw_r.prefix') }}
                            else jw_sim end), 1) end), 1)), 1) end), 1)), 1) end
{%- endmacro %}

{#-
    jaro + prefix * 0.1 * (1 - jaro) rounded once, as DuckDB computes it (a fused multiply-add:
    plain doubles differ in the last bit on about 1 random pair in 650, and a threshold such as 0.92
    can fall exactly there). Every double involved is an integer times a power of two (jaro in
    (0.7, 1] a multiple of 2^-53, prefix * 0.1 of 2^-56), so the sum is exact as a decimal
    integer times 2^-109 and cast to double once.
-#}
{% macro _spark_winkler_boost(jaro, prefix) -%}
    cast(cast(cast({{ jaro }} * 9007199254740992D as bigint) as decimal(16, 0)) * cast(72057594037927936 as decimal(17, 0))
        + cast(cast({{ prefix }} * 0.1D * 72057594037927936D as bigint) as decimal(17, 0))
        * cast(cast((1.0D - {{ jaro }}) * 9007199254740992D as bigint) as decimal(16, 0)) as double)
        / power(2.0D, 109)
{%- endmacro %}

{#- The UTF-8 bytes of a string as an array of hex pairs (DuckDB's similarity functions compare bytes). -#}
{% macro _spark_utf8_bytes(expr) -%}
    regexp_extract_all(hex(encode({{ expr }}, 'UTF-8')), '[0-9A-F]{2}', 0)
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
    DuckDB's damerau_levenshtein in Spark SQL, over UTF-8 bytes: the unrestricted distance (a
    transposition of neighbours is one edit, and text may be inserted between them afterwards:
    'ca' to 'abc' is 2), the dynamic programme of Lowrance and Wagner. The matrix is built row by
    row (aggregate over the bytes of a, then over those of b); the transposition term reads the
    row of the last earlier byte of a equal to b's byte and the column of the last earlier byte of
    b equal to a's byte. NULL when either side is NULL.
-#}
{% macro spark__damerau_levenshtein(a, b) -%}
    case when {{ a }} is not null and {{ b }} is not null then element_at(transform(
        array(named_struct('x', {{ identity_resolution._spark_utf8_bytes(a) }}, 'y', {{ identity_resolution._spark_utf8_bytes(b) }})),
        dl_v -> case when size(dl_v.x) = 0 then size(dl_v.y) when size(dl_v.y) = 0 then size(dl_v.x)
            else element_at(element_at(aggregate(
                sequence(1, size(dl_v.x)),
                array(sequence(0, size(dl_v.y))),
                (dl_rows, dl_i) -> concat(dl_rows, array(aggregate(
                    sequence(1, size(dl_v.y)),
                    array(dl_i),
                    (dl_row, dl_j) -> concat(dl_row, array(element_at(transform(
                        array(named_struct(
                            'k', array_max(filter(sequence(1, dl_i),
                                dl_k -> dl_k < dl_i and element_at(dl_v.x, dl_k) = element_at(dl_v.y, dl_j))),
                            'l', array_max(filter(sequence(1, dl_j),
                                dl_l -> dl_l < dl_j and element_at(dl_v.y, dl_l) = element_at(dl_v.x, dl_i))))),
                        dl_t -> least(
                            element_at(element_at(dl_rows, dl_i), dl_j)
                                + if(element_at(dl_v.x, dl_i) = element_at(dl_v.y, dl_j), 0, 1),
                            element_at(dl_row, dl_j) + 1,
                            element_at(element_at(dl_rows, dl_i), dl_j + 1) + 1,
                            element_at(element_at(dl_rows, dl_t.k), dl_t.l)
                                + (dl_i - dl_t.k - 1) + 1 + (dl_j - dl_t.l - 1))), 1))))))),
                size(dl_v.x) + 1), size(dl_v.y) + 1) end), 1) end
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
