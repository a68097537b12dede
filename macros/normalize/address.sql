{#- Postal address parts, normalised for matching (not for printing on an envelope). -#}

{#- Whole words replaced by their usual abbreviation (after lowercasing and accent stripping). -#}
{% macro _street_abbreviations() -%}
    {{- return({
        'street': 'st', 'avenue': 'ave', 'road': 'rd', 'boulevard': 'blvd', 'drive': 'dr',
        'lane': 'ln', 'place': 'pl', 'court': 'ct', 'square': 'sq', 'terrace': 'ter',
        'highway': 'hwy', 'parkway': 'pkwy', 'crescent': 'cres', 'apartment': 'apt',
    }) -}}
{%- endmacro %}

{#-
    The abbreviations as few regex replacements as possible, to keep the SQL shallow (deeply
    nested calls defeat SQL parsers, sqlfluff included). Each abbreviation keeps letters of its
    word, so the word becomes a pattern that captures the kept letters: boulevard ->
    (b)ou(l)e(v)ar(d). Words share one alternation while the groups fit in $1 .. $9; the
    replacement concatenates all groups, of which only the matching word's are non-empty.
    Returns a list of (pattern, replacement).
-#}
{% macro _street_abbreviation_rules() -%}
    {%- set rules = [] -%}
    {%- set batch = namespace(alternatives=[], groups=0) -%}
    {%- for word, abbreviation in identity_resolution._street_abbreviations().items() -%}
        {%- set w = namespace(pattern='', groups=0, position=0, open=false) -%}
        {%- for letter in abbreviation -%}
            {%- set found = word.find(letter, w.position) -%}
            {%- if found < 0 -%}
                {{- exceptions.raise_compiler_error("street abbreviation '" ~ abbreviation ~ "' does not keep letters of '" ~ word ~ "'") -}}
            {%- endif -%}
            {%- if found > w.position or not w.open -%}
                {%- set w.pattern = w.pattern ~ (')' if w.open else '') ~ word[w.position:found] ~ '(' -%}
                {%- set w.groups = w.groups + 1 -%}
            {%- endif -%}
            {%- set w.pattern = w.pattern ~ letter -%}
            {%- set w.open = true -%}
            {%- set w.position = found + 1 -%}
        {%- endfor -%}
        {%- set w.pattern = w.pattern ~ ')' ~ word[w.position:] -%}
        {%- if batch.groups + w.groups > 9 -%}
            {%- do rules.append(batch.alternatives) -%}
            {%- set batch.alternatives = [] -%}
            {%- set batch.groups = 0 -%}
        {%- endif -%}
        {%- do batch.alternatives.append([w.pattern, w.groups]) -%}
        {%- set batch.groups = batch.groups + w.groups -%}
    {%- endfor -%}
    {%- do rules.append(batch.alternatives) -%}
    {%- set result = [] -%}
    {%- for alternatives in rules -%}
        {%- set patterns = [] -%}
        {%- set total = namespace(groups=0) -%}
        {%- for pattern, groups in alternatives -%}
            {%- do patterns.append(pattern) -%}
            {%- set total.groups = total.groups + groups -%}
        {%- endfor -%}
        {%- set references = [] -%}
        {%- for n in range(1, total.groups + 1) -%}
            {%- do references.append('$' ~ n) -%}
        {%- endfor -%}
        {%- do result.append([' (?:' ~ (patterns | join('|')) ~ ') ', ' ' ~ (references | join('')) ~ ' ']) -%}
    {%- endfor -%}
    {{- return(result) -}}
{%- endmacro %}

{#-
    Lowercase, accents stripped, punctuation to space, spaces collapsed, street -> st, ...;
    ...strasse/...straße -> ...str. NULL when nothing is left.
-#}
{% macro normalize_street(expr) -%}
    {%- set separators = '[[:punct:][:space:]\u00a0\u200b\ufeff]+' -%}
    {%- set words = identity_resolution.regex_replace_all('lower(' ~ identity_resolution.strip_accents_sql(expr) ~ ')', separators, ' ') -%}
    {#- Every word gets spaces of its own on both sides ("  a  b  "), so that neighbouring words never compete for one space. -#}
    {%- set ns = namespace(sql="' ' || replace(" ~ words ~ ", ' ', '  ') || ' '") -%}
    {#- German compounds and the word itself: Hauptstraße, Hauptstrasse, Straße -> hauptstr, str -#}
    {%- set ns.sql = identity_resolution.regex_replace_all(ns.sql, 'stra(ss|ß)e ', 'str ') -%}
    {%- for pattern, replacement in identity_resolution._street_abbreviation_rules() -%}
        {%- set ns.sql = identity_resolution.regex_replace_all(ns.sql, pattern, replacement) -%}
    {%- endfor -%}
    {#- spaces trimmed at both ends, runs inside collapsed to one -#}
    nullif({{ identity_resolution.regex_replace_all(ns.sql, '^ +| +$|( ) +', '$1') }}, '')
{%- endmacro %}

{#- Uppercase, without spaces and dashes: "sw1a 1aa" -> "SW1A1AA", "12345-6789" -> "123456789". -#}
{% macro normalize_postal_code(expr) -%}
    nullif(upper({{ identity_resolution.regex_replace_all(identity_resolution.clean_text(expr), '[[:space:]-]+', '') }}), '')
{%- endmacro %}

{#- ISO 3166-1 alpha-2 codes. -#}
{% macro _iso2_country_codes() -%}
    {{- return((
        'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS '
        ~ 'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE '
        ~ 'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM '
        ~ 'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC '
        ~ 'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA '
        ~ 'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW '
        ~ 'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO '
        ~ 'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
    ).split(' ')) -}}
{%- endmacro %}

{#-
    Names people type for a country (English, native, alpha-3), in the form the macro compares
    them: lowercase, accents stripped, dots removed, other punctuation and white space collapsed
    to one space. ISO2 codes need no entry.
-#}
{% macro _country_names() -%}
    {{- return({
        'US': ['usa', 'united states', 'united states of america', 'america'],
        'CA': ['can', 'canada'],
        'GB': ['gbr', 'uk', 'united kingdom', 'great britain', 'britain', 'england', 'scotland', 'wales', 'northern ireland'],
        'DE': ['deu', 'germany', 'deutschland'],
        'FR': ['fra', 'france'],
        'NL': ['nld', 'netherlands', 'the netherlands', 'nederland', 'holland'],
        'ES': ['esp', 'spain', 'espana'],
        'IT': ['ita', 'italy', 'italia'],
        'AU': ['aus', 'australia'],
        'BE': ['bel', 'belgium', 'belgie', 'belgique', 'belgien'],
        'AT': ['aut', 'austria', 'osterreich', 'oesterreich'],
        'CH': ['che', 'switzerland', 'schweiz', 'suisse', 'svizzera'],
        'IE': ['irl', 'ireland', 'eire'],
        'PL': ['pol', 'poland', 'polska'],
        'SE': ['swe', 'sweden', 'sverige'],
        'DK': ['dnk', 'denmark', 'danmark'],
        'NO': ['nor', 'norway', 'norge'],
        'FI': ['fin', 'finland', 'suomi'],
        'PT': ['prt', 'portugal'],
        'BR': ['bra', 'brazil', 'brasil'],
        'MX': ['mex', 'mexico'],
        'IN': ['ind', 'india'],
        'JP': ['jpn', 'japan', 'nippon'],
        'CN': ['chn', 'china'],
        'NZ': ['nzl', 'new zealand'],
        'SG': ['sgp', 'singapore'],
        'ZA': ['zaf', 'south africa'],
        'LU': ['lux', 'luxembourg'],
        'GR': ['grc', 'greece'],
        'CZ': ['cze', 'czechia', 'czech republic'],
        'TR': ['tur', 'turkey', 'turkiye'],
        'AE': ['are', 'uae', 'united arab emirates'],
        'KR': ['kor', 'south korea', 'korea'],
    }) -}}
{%- endmacro %}

{#- ISO2 uppercase from an ISO2 code in any case, an alpha-3 code or a common English or native name; else NULL. -#}
{% macro normalize_country(expr) -%}
    {%- set without_dots = identity_resolution.regex_replace_all('lower(' ~ identity_resolution.strip_accents_sql(expr) ~ ')', '[.]', '') -%}
    {%- set key = 'trim(' ~ identity_resolution.regex_replace_all(without_dots, '[[:punct:][:space:]\u00a0]+', ' ') ~ ')' -%}
    {%- set iso2_lower = [] -%}
    {%- for code in identity_resolution._iso2_country_codes() -%}
        {%- do iso2_lower.append(code | lower) -%}
    {%- endfor -%}
    case
        when {{ identity_resolution.value_in_list(key, iso2_lower) }} then upper({{ key }})
        else case {{ key }}
        {%- for code, names in identity_resolution._country_names().items() %}
            {%- for name in names if name not in iso2_lower %} when {{ identity_resolution.string_literal(name) }} then {{ identity_resolution.string_literal(code) }}{% endfor %}
        {%- endfor %}
        end
    end
{%- endmacro %}
