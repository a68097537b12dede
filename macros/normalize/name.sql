{#- Person names (first, last, company). -#}

{#-
    Letters of the scripts names are written in, as literal ranges (Latin with its accented
    blocks, Greek, Cyrillic, Armenian, Hebrew, Arabic, Devanagari, Thai, Georgian, Hangul, kana,
    CJK). Engines' POSIX classes are ASCII only and \p{L} would need a backslash, which Spark's
    string literals eat; literal ranges mean the same in RE2, PostgreSQL and java.util.regex.
-#}
{% macro _name_letter_ranges() -%}
    {{- return('a-zA-ZÀ-ÖØ-öø-ɏḀ-ỿΆ-ώЀ-ӿԱ-ֆא-תء-يऄ-हก-ฮა-ჰ가-힣ぁ-ゖァ-ヺ一-鿿') -}}
{%- endmacro %}

{#- Unicode NFC composition, so that "é" typed as e + combining accent equals "é". -#}
{% macro _unicode_nfc(expr) -%}
    {{- return(adapter.dispatch('_unicode_nfc', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{#- PostgreSQL 13+ -#}
{% macro default___unicode_nfc(expr) -%}
    normalize({{ expr }}, nfc)
{%- endmacro %}

{% macro duckdb___unicode_nfc(expr) -%}
    nfc_normalize({{ expr }})
{%- endmacro %}

{#- Spark SQL has no Unicode normalisation function; its sources are expected to be NFC already. -#}
{% macro spark___unicode_nfc(expr) -%}
    {{ expr }}
{%- endmacro %}

{#- Control characters (NUL, ...) read as spaces; trimmed, inner white space collapsed to one space, NFC;
    NULL if blank, over 200 characters or without a letter. -#}
{% macro normalize_name(expr) -%}
    {%- set printable = identity_resolution.regex_replace_all(expr, '[[:cntrl:]]+', ' ') -%}
    {%- set collapsed = identity_resolution.regex_replace_all(identity_resolution.clean_text(printable), '[[:space:]\u00a0]+', ' ') -%}
    {%- set composed = identity_resolution._unicode_nfc(collapsed) -%}
    case
        when length({{ composed }}) <= 200
            and {{ identity_resolution.regex_matches(composed, '[' ~ identity_resolution._name_letter_ranges() ~ ']') }}
            then {{ composed }}
    end
{%- endmacro %}

{#- Lowercase, accents stripped, letters only (any script): "José-Luis  O'Brien" -> "joseluisobrien"; NULL when no letter. -#}
{% macro name_match_key(expr) -%}
    {%- set folded = 'lower(' ~ identity_resolution.strip_accents_sql(identity_resolution.clean_text(expr)) ~ ')' -%}
    nullif({{ identity_resolution.regex_replace_all(folded, '[^' ~ identity_resolution._name_letter_ranges() ~ ']+', '') }}, '')
{%- endmacro %}
