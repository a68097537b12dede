{#-
    The comparisons of probabilistic person linking: one list, read by the comparison, parameter
    and pair-score models. Each comparison has levels from the closest agreement down; each level
    is a condition on the two person records `l` and `r` (int_identity__person_records). A pair
    takes the first level whose condition holds; level 0 is "else" (disagreement) and level -1
    "missing" (a side is NULL: neutral, partial weight 0). Level numbers count down from the
    number of levels, so a higher level is always a closer agreement.
    tf: the record column holding the term frequency of the value; the top (exact) level then
    weighs by how common the value is (a common surname agreeing says less than a rare one).
    Swapped first and last names are one level of the first-name comparison only: counted in
    both, one event would weigh twice (the comparisons are taken as independent).
    person_detail: a detail of the person rather than of a place or contact (names, date of birth);
    a probable link needs these to support it on their own (person_detail_weight > 0), so that an
    address shared by a household or a building never joins two people.
    tells_relatives_apart: details that differ between relatives at one address (first name, date
    of birth); when all of them disagree (level 0, not missing), the records are two people.
    scored_with: the sources of m-probabilities under which the comparison is scored (absent: all).
    m comes from known matches (record pairs that identifiers put in one strict person,
    int_identity__known_match_m_probabilities) when there are enough of them, else from EM or the
    pinned seed (int_identity__probabilistic_parameters, column m_source). Under known-match m one
    combined address comparison replaces the four address fields; under EM or pinned m the four are
    scored and the combined one is not (EM with it learns less from typos in two address fields,
    FEBRL2 F1 0.9956 -> 0.9893). A comparison not scored has partial weight 0.
    address: postcode, number and street agree together (one household, one move: four independent
    fields would count one event four times); the street number may be missing on a side, the city
    serves the last level.
    Override by defining `probabilistic_comparisons` in your own project.
-#}
{% macro probabilistic_comparisons() %}
    {%- set jw = identity_resolution.jaro_winkler -%}
    {%- set dl = identity_resolution.damerau_levenshtein -%}
    {{ return([
        {'name': 'first_name', 'columns': ['first_name'], 'tf': 'tf_first_name', 'person_detail': true, 'tells_relatives_apart': true, 'levels': [
            ('exact', 'l.first_name = r.first_name'),
            ('jaro_winkler_0.92', jw('l.first_name', 'r.first_name') ~ ' >= 0.92'),
            ('swapped_with_last_name', jw('l.first_name', 'r.last_name') ~ ' >= 0.92 and '
                ~ jw('l.last_name', 'r.first_name') ~ ' >= 0.92'),
            ('jaro_winkler_0.80', jw('l.first_name', 'r.first_name') ~ ' >= 0.80'),
        ]},
        {'name': 'last_name', 'columns': ['last_name'], 'tf': 'tf_last_name', 'person_detail': true, 'levels': [
            ('exact', 'l.last_name = r.last_name'),
            ('jaro_winkler_0.92', jw('l.last_name', 'r.last_name') ~ ' >= 0.92'),
            ('jaro_winkler_0.80', jw('l.last_name', 'r.last_name') ~ ' >= 0.80'),
        ]},
        {'name': 'date_of_birth', 'columns': ['date_of_birth'], 'tf': none, 'person_detail': true, 'tells_relatives_apart': true, 'levels': [
            ('exact', 'l.date_of_birth = r.date_of_birth'),
            ('day_month_transposed', 'l.birth_year = r.birth_year and l.birth_month = r.birth_day'
                ~ ' and l.birth_day = r.birth_month'),
            ('one_part_differs', '(case when l.birth_year = r.birth_year then 1 else 0 end'
                ~ ' + case when l.birth_month = r.birth_month then 1 else 0 end'
                ~ ' + case when l.birth_day = r.birth_day then 1 else 0 end) = 2'),
        ]},
        {'name': 'postal_code', 'scored_with': ['em', 'pinned'], 'columns': ['postal_code'], 'tf': 'tf_postal_code', 'levels': [
            ('exact', 'l.postal_code = r.postal_code'),
            ('one_edit', dl('l.postal_code', 'r.postal_code') ~ ' <= 1'),
        ]},
        {'name': 'street_number', 'scored_with': ['em', 'pinned'], 'columns': ['street_number'], 'tf': none, 'levels': [
            ('exact', 'l.street_number = r.street_number'),
        ]},
        {'name': 'street_name', 'scored_with': ['em', 'pinned'], 'columns': ['street_name'], 'tf': none, 'levels': [
            ('exact', 'l.street_name = r.street_name'),
            ('jaro_winkler_0.90', jw('l.street_name', 'r.street_name') ~ ' >= 0.90'),
        ]},
        {'name': 'city', 'scored_with': ['em', 'pinned'], 'columns': ['city'], 'tf': 'tf_city', 'levels': [
            ('exact', 'l.city = r.city'),
            ('jaro_winkler_0.90', jw('l.city', 'r.city') ~ ' >= 0.90'),
        ]},
        {'name': 'address', 'columns': ['postal_code', 'street_name'], 'tf': none, 'scored_with': ['known_matches'], 'levels': [
            ('postcode_street', 'l.postal_code = r.postal_code'
                ~ ' and coalesce(l.street_number = r.street_number, true) and '
                ~ jw('l.street_name', 'r.street_name') ~ ' >= 0.90'),
            ('postcode_one_edit_street', dl('l.postal_code', 'r.postal_code') ~ ' <= 1'
                ~ ' and coalesce(l.street_number = r.street_number, true) and '
                ~ jw('l.street_name', 'r.street_name') ~ ' >= 0.90'),
            ('postcode_or_city', 'l.postal_code = r.postal_code or ' ~ jw('l.city', 'r.city') ~ ' >= 0.90'),
        ]},
        {'name': 'email_local_part', 'columns': ['email_local_part'], 'tf': none, 'levels': [
            ('exact', 'l.email_local_part = r.email_local_part'),
        ]},
        {'name': 'phone', 'columns': ['phone'], 'tf': none, 'levels': [
            ('exact', 'l.phone = r.phone'),
        ]},
    ]) }}
{% endmacro %}


{#- The level of a comparison for the records l and r: -1 missing, 0 else, then up to the number of levels. -#}
{% macro comparison_level(comparison) -%}
    {%- set n_levels = comparison['levels'] | length -%}
    case
        when {% for column in comparison['columns'] %}l.{{ column }} is null or r.{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
            then -1
        {%- for label, condition in comparison['levels'] %}
        when {{ condition }} then {{ n_levels - loop.index0 }}
        {%- endfor %}
        else 0
    end
{%- endmacro %}


{#- (level, label) of every level of a comparison, missing and else included, closest first. -#}
{% macro comparison_level_labels(comparison) -%}
    {%- set n_levels = comparison['levels'] | length -%}
    {%- set labels = [] -%}
    {%- for label, condition in comparison['levels'] -%}
        {%- do labels.append((n_levels - loop.index0, label)) -%}
    {%- endfor -%}
    {%- do labels.append((0, 'else')) -%}
    {%- do labels.append((-1, 'missing')) -%}
    {{- return(labels) -}}
{%- endmacro %}
