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
    of birth); when all of them disagree (level 0, not missing), the records are two people; when
    none of them can be compared (each missing on a side), nothing tells the person from a relative
    and the pair is refused as well.
    corroborates: a detail beyond the names (date of birth, postcode, street, address, e-mail,
    phone; not the city, which namesakes share at scale): true when any level of agreement
    corroborates, or the label of the weakest level that does (the address's last level is a
    postcode OR a city). A pair none of whose comparisons corroborates is names only
    (is_names_only of int_identity__person_record_pairs) and never links, however rare the names.
    scored_with: the sources of m-probabilities under which the comparison is scored (absent: all).
    m comes from known matches (record pairs that identifiers put in one strict person,
    int_identity__known_match_m_probabilities) when there are enough of them, else from EM or the
    pinned seed (int_identity__probabilistic_parameters, column m_source). Under known-match m one
    combined address comparison replaces the four address fields; under EM or pinned m the four are
    scored and the combined one is not (EM with it learns less from typos in two address fields,
    FEBRL2 F1 0.9956 -> 0.9893). A comparison not scored has partial weight 0.
    identifier_type: the comparison's field is also an identifier of the graph (the phone, the
    e-mail, whose local part is compared): evidence of that type can make a known match, whose two
    records then agree on the field by construction. Known-match m of such a comparison comes from
    the known matches joined without that type's evidence
    (int_identity__known_match_components_without_type).
    address: postcode, number and street agree together (one household, one move: four independent
    fields would count one event four times); the street number may be missing on a side, the city
    serves the last level.
    A level's condition is SQL on `l.<column>` and `r.<column>`, or a list of such conditions that
    must all hold: the models score each condition once per distinct pair of the values it reads
    (comparison_value_pair_plan), so a list lets each part be scored on its own columns (the
    swapped names: l's first name against r's last name, and the other way round).
    Override by defining `probabilistic_comparisons` in your own project.
-#}
{% macro probabilistic_comparisons() %}
    {%- set jw = identity_resolution.jaro_winkler -%}
    {%- set dl = identity_resolution.damerau_levenshtein -%}
    {{ return([
        {'name': 'first_name', 'columns': ['first_name'], 'tf': 'tf_first_name', 'person_detail': true, 'tells_relatives_apart': true, 'levels': [
            ('exact', 'l.first_name = r.first_name'),
            ('jaro_winkler_0.92', jw('l.first_name', 'r.first_name') ~ ' >= 0.92'),
            ('swapped_with_last_name', [jw('l.first_name', 'r.last_name') ~ ' >= 0.92',
                jw('l.last_name', 'r.first_name') ~ ' >= 0.92']),
            ('jaro_winkler_0.80', jw('l.first_name', 'r.first_name') ~ ' >= 0.80'),
        ]},
        {'name': 'last_name', 'columns': ['last_name'], 'tf': 'tf_last_name', 'person_detail': true, 'levels': [
            ('exact', 'l.last_name = r.last_name'),
            ('jaro_winkler_0.92', jw('l.last_name', 'r.last_name') ~ ' >= 0.92'),
            ('jaro_winkler_0.80', jw('l.last_name', 'r.last_name') ~ ' >= 0.80'),
        ]},
        {'name': 'date_of_birth', 'columns': ['date_of_birth'], 'tf': none, 'person_detail': true, 'corroborates': true, 'tells_relatives_apart': true, 'levels': [
            ('exact', 'l.date_of_birth = r.date_of_birth'),
            ('day_month_transposed', 'l.birth_year = r.birth_year and l.birth_month = r.birth_day'
                ~ ' and l.birth_day = r.birth_month'),
            ('one_part_differs', '(case when l.birth_year = r.birth_year then 1 else 0 end'
                ~ ' + case when l.birth_month = r.birth_month then 1 else 0 end'
                ~ ' + case when l.birth_day = r.birth_day then 1 else 0 end) = 2'),
        ]},
        {'name': 'postal_code', 'corroborates': true, 'scored_with': ['em', 'pinned'], 'columns': ['postal_code'], 'tf': 'tf_postal_code', 'levels': [
            ('exact', 'l.postal_code = r.postal_code'),
            ('one_edit', dl('l.postal_code', 'r.postal_code') ~ ' <= 1'),
        ]},
        {'name': 'street_number', 'scored_with': ['em', 'pinned'], 'columns': ['street_number'], 'tf': none, 'levels': [
            ('exact', 'l.street_number = r.street_number'),
        ]},
        {'name': 'street_name', 'corroborates': true, 'scored_with': ['em', 'pinned'], 'columns': ['street_name'], 'tf': none, 'levels': [
            ('exact', 'l.street_name = r.street_name'),
            ('jaro_winkler_0.90', jw('l.street_name', 'r.street_name') ~ ' >= 0.90'),
        ]},
        {'name': 'city', 'scored_with': ['em', 'pinned'], 'columns': ['city'], 'tf': 'tf_city', 'levels': [
            ('exact', 'l.city = r.city'),
            ('jaro_winkler_0.90', jw('l.city', 'r.city') ~ ' >= 0.90'),
        ]},
        {'name': 'address', 'corroborates': 'postcode_one_edit_street', 'columns': ['postal_code', 'street_name'], 'tf': none, 'scored_with': ['known_matches'], 'levels': [
            ('postcode_street', 'l.postal_code = r.postal_code'
                ~ ' and coalesce(l.street_number = r.street_number, true) and '
                ~ jw('l.street_name', 'r.street_name') ~ ' >= 0.90'),
            ('postcode_one_edit_street', dl('l.postal_code', 'r.postal_code') ~ ' <= 1'
                ~ ' and coalesce(l.street_number = r.street_number, true) and '
                ~ jw('l.street_name', 'r.street_name') ~ ' >= 0.90'),
            ('postcode_or_city', 'l.postal_code = r.postal_code or ' ~ jw('l.city', 'r.city') ~ ' >= 0.90'),
        ]},
        {'name': 'email_local_part', 'corroborates': true, 'columns': ['email_local_part'], 'tf': none, 'identifier_type': 'email', 'levels': [
            ('exact', 'l.email_local_part = r.email_local_part'),
        ]},
        {'name': 'phone', 'corroborates': true, 'columns': ['phone'], 'tf': none, 'identifier_type': 'phone', 'levels': [
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
        when {% if condition is string %}{{ condition }}{% else %}({{ condition | join(') and (') }}){% endif %} then {{ n_levels - loop.index0 }}
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


{#-
    How the comparison models score each distinct pair of values once rather than each record pair
    (string similarity is most of their cost, and values repeat: at 100,000 persons 4.1M candidate
    pairs hold 67,049 distinct pairs of first names). Generic over probabilistic_comparisons(): every
    condition of a comparison (its "missing" check and each level; a level given as a list of
    conditions holds when all of them hold) is split into the columns it reads on each side, found
    in its SQL as `l.<column>` and `r.<column>`. Each distinct tuple of columns gets a value key per
    record (dense_rank over those columns: records with the same values, NULLs included, share it);
    each distinct (left columns, right columns) is a group, whose conditions are evaluated once per
    distinct pair of value keys among the record pairs, as 0/1 flags; the record pairs join their
    groups on the two value keys and take the level from the flags, in the order of the levels, as
    comparison_level() does. The answers are those of comparison_level() on the record pairs.
    Returns {'keys': [column lists; value key i is value_key_<i>], 'groups': [{'key_l', 'key_r',
    'flags': [(flag name, condition)]}], 'levels': {comparison name: [(level, [flag names])]}},
    levels in case order, the missing check first (level -1).
-#}
{% macro comparison_value_pair_plan(comparisons) %}
    {%- set keys = [] -%}
    {%- set groups = [] -%}
    {%- set levels = {} -%}
    {%- for comparison in comparisons -%}
        {%- set n_levels = comparison['levels'] | length -%}
        {%- set missing = [] -%}
        {%- for column in comparison['columns'] -%}
            {%- do missing.append('l.' ~ column ~ ' is null or r.' ~ column ~ ' is null') -%}
        {%- endfor -%}
        {%- set ordered = [(-1, [missing | join(' or ')])] -%}
        {%- for label, condition in comparison['levels'] -%}
            {%- do ordered.append((n_levels - loop.index0, condition if condition is not string else [condition])) -%}
        {%- endfor -%}
        {%- set comparison_levels = [] -%}
        {%- for level, conditions in ordered -%}
            {%- set flags = [] -%}
            {%- for condition in conditions -%}
                {%- set sides = {} -%}
                {%- for side in ['l', 'r'] -%}
                    {%- set found = modules.re.findall('(?<![A-Za-z0-9_.])' ~ side ~ '\\.([A-Za-z_][A-Za-z0-9_]*)', condition) | unique | sort -%}
                    {%- do sides.update({side: found}) -%}
                {%- endfor -%}
                {%- if sides['l'] | length == 0 and sides['r'] | length == 0 -%}
                    {{ exceptions.raise_compiler_error('probabilistic comparison ' ~ comparison['name'] ~ ': a condition reads no l.<column> or r.<column>: ' ~ condition) }}
                {%- endif -%}
                {#- A side that reads nothing is keyed like the other (a superset of what it reads: same answers). -#}
                {%- set columns_l = sides['l'] if sides['l'] | length > 0 else sides['r'] -%}
                {%- set columns_r = sides['r'] if sides['r'] | length > 0 else sides['l'] -%}
                {%- set key_indexes = [] -%}
                {%- for columns in [columns_l, columns_r] -%}
                    {%- if columns not in keys -%}
                        {%- do keys.append(columns) -%}
                    {%- endif -%}
                    {%- do key_indexes.append(keys.index(columns)) -%}
                {%- endfor -%}
                {%- set group = namespace(found=none) -%}
                {%- for existing in groups if existing['key_l'] == key_indexes[0] and existing['key_r'] == key_indexes[1] -%}
                    {%- set group.found = existing -%}
                {%- endfor -%}
                {%- if group.found is none -%}
                    {%- set group.found = {'key_l': key_indexes[0], 'key_r': key_indexes[1], 'flags': []} -%}
                    {%- do groups.append(group.found) -%}
                {%- endif -%}
                {%- set flag = 'flag__' ~ comparison['name'] ~ '__' ~ ((level | string) | replace('-', 'm')) ~ '_' ~ loop.index0 -%}
                {%- do group.found['flags'].append((flag, condition)) -%}
                {%- do flags.append(flag) -%}
            {%- endfor -%}
            {%- do comparison_levels.append((level, flags)) -%}
        {%- endfor -%}
        {%- do levels.update({comparison['name']: comparison_levels}) -%}
    {%- endfor -%}
    {{ return({'keys': keys, 'groups': groups, 'levels': levels}) }}
{% endmacro %}


{#- The value key columns of a plan, for the select list over the person records (one per column tuple). -#}
{% macro comparison_value_keys(plan) -%}
    {%- for columns in plan['keys'] %}
        dense_rank() over (order by {{ columns | join(', ') }}) as value_key_{{ loop.index0 }}{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}


{#-
    The CTEs (each followed by a comma) scoring each distinct pair of value keys once: values_<i>,
    one row per value key with its columns, from `keyed` (the records with comparison_value_keys);
    flags_<g>, one row per distinct (value key of l, value key of r) of group g among the pairs of
    `pair_keys` (value_key_<i>_a and value_key_<i>_b for every key), with the group's 0/1 flags.
-#}
{% macro comparison_value_pair_ctes(plan, keyed, pair_keys) -%}
    {%- for columns in plan['keys'] %}
values_{{ loop.index0 }} as (
    select distinct
        value_key_{{ loop.index0 }} as value_key,
        {{ columns | join(', ') }}
    from {{ keyed }}
),
    {% endfor %}
    {%- for group in plan['groups'] %}
flags_{{ loop.index0 }} as (
    select
        value_pairs.value_key_l,
        value_pairs.value_key_r,
        {%- for flag, condition in group['flags'] %}
            case when {{ condition }} then 1 else 0 end as {{ flag }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from (
        select distinct
            value_key_{{ group['key_l'] }}_a as value_key_l,
            value_key_{{ group['key_r'] }}_b as value_key_r
        from {{ pair_keys }}
    ) as value_pairs
    inner join values_{{ group['key_l'] }} as l
        on value_pairs.value_key_l = l.value_key
    inner join values_{{ group['key_r'] }} as r
        on value_pairs.value_key_r = r.value_key
),
    {% endfor %}
{%- endmacro %}


{#-
    The joins of `pair_keys` (alias) to every flags_<g> CTE, on the pair's two value keys. Left joins
    (every pair has its row in each flags CTE, so the same rows as inner joins): DuckDB reorders a
    dozen inner joins into a plan 10 times slower (48M intermediate rows for 315,263 pairs at 10k).
-#}
{% macro comparison_value_pair_joins(plan, pair_keys) -%}
    {%- for group in plan['groups'] %}
    left join flags_{{ loop.index0 }}
        on
            {{ pair_keys }}.value_key_{{ group['key_l'] }}_a = flags_{{ loop.index0 }}.value_key_l
            and {{ pair_keys }}.value_key_{{ group['key_r'] }}_b = flags_{{ loop.index0 }}.value_key_r
    {%- endfor %}
{%- endmacro %}


{#- A comparison's level from the flags of the joined flags_<g> CTEs: the first level whose flags all hold. -#}
{% macro comparison_level_from_flags(plan, comparison) -%}
    case
        {%- for level, flags in plan['levels'][comparison['name']] %}
        when {% for flag in flags %}{{ flag }} = 1{% if not loop.last %} and {% endif %}{% endfor %} then {{ level }}
        {%- endfor %}
        else 0
    end
{%- endmacro %}


{#-
    Whether the comparison models score each distinct pair of values once (comparison_value_pair_plan)
    or each record pair: var probabilistic_score_distinct_value_pairs, true / false, or auto for the
    engine's default, measured (docs/benchmarks.md): true on Spark, whose interpreted similarity
    functions made the u-probabilities of the 2,000-person demo run 36+ minutes (85 s with it);
    false on DuckDB (100,000 persons: 69-70 s per pair, 106-107 s with it) and on PostgreSQL and
    the other engines (100,000 persons: the comparisons took 757 s per pair; with it they had
    spilled over 20 GB of temporary files after 524 s and stopped on a full disk).
-#}
{% macro score_distinct_value_pairs() -%}
    {%- set setting = var('probabilistic_score_distinct_value_pairs', 'auto') -%}
    {%- if setting in [true, false] -%}
        {{- return(setting) -}}
    {%- elif setting | string | lower in ['true', 'false'] -%}
        {{- return(setting | string | lower == 'true') -}}
    {%- elif setting == 'auto' -%}
        {{- return(adapter.dispatch('score_distinct_value_pairs_by_default', 'identity_resolution')()) -}}
    {%- else -%}
        {{- exceptions.raise_compiler_error('var probabilistic_score_distinct_value_pairs: true, false or auto, not ' ~ setting) -}}
    {%- endif -%}
{%- endmacro %}

{% macro default__score_distinct_value_pairs_by_default() -%}
    {{- return(false) -}}
{%- endmacro %}

{% macro spark__score_distinct_value_pairs_by_default() -%}
    {{- return(true) -}}
{%- endmacro %}


{#- SQL select of the known-match pairs: two person records of one strict person on two nodes that
    one connected component of `components` (node, component_node) joins; `records` holds
    int_identity__person_records' rows, `node_prefix` is a text literal (SQL) put before a record's
    node as text (node_text) to find it among the components (the graphs without one identifier
    type prefix their nodes with the type) or none. Two records of one node are one record typed once, never a known match.
    `columns` is the select list, over `l` and `r`. -#}
{% macro known_match_record_pairs(columns, records, components, node_prefix=none) %}
    {%- set node_l = 'l.node' if node_prefix is none else node_prefix ~ ' || ' ~ node_text('l.node') %}
    {%- set node_r = 'r.node' if node_prefix is none else node_prefix ~ ' || ' ~ node_text('r.node') %}
    select
        {{ columns }}
    from {{ records }} as l
    inner join {{ components }} as component_l
        on {{ node_l }} = component_l.node
    inner join {{ records }} as r
        on
            l.person_id = r.person_id
            and l.record_key < r.record_key
            and l.node != r.node
    inner join {{ components }} as component_r
        on
            {{ node_r }} = component_r.node
            and component_l.component_node = component_r.component_node
{%- endmacro %}

{#- SQL select: one row per (comparison, level >= 0) with its level_label, n_pairs (the pairs of
    `pairs` at that level) and, named `share_name`, its smoothed share among the pairs where the
    comparison is not missing: (n_pairs + 1) / (pairs not missing + number of levels). `pairs` is a
    relation (a CTE) with a column level_<comparison name> per comparison. How u is measured on
    random pairs and m on known matches. -#}
{% macro smoothed_level_shares(comparisons, pairs, share_name) %}
    select
        levels.comparison_name,
        levels.comparison_level,
        levels.level_label,
        coalesce(level_counts.n_pairs, 0) as n_pairs,
        cast(coalesce(level_counts.n_pairs, 0) + 1 as {{ type_double() }})
        / (
            coalesce(sum(level_counts.n_pairs) over (partition by levels.comparison_name), 0)
            + count(*) over (partition by levels.comparison_name)
        ) as {{ share_name }}
    from (
        {%- for comparison in comparisons %}
            {%- set outer = loop %}
            {%- for level, label in comparison_level_labels(comparison) if level >= 0 %}
                select
                    {{ string_literal(comparison['name']) }} as comparison_name,
                    {{ level }} as comparison_level,
                    {{ string_literal(label) }} as level_label
                {%- if not (outer.last and loop.last) %}
                    union all
                {%- endif %}
            {%- endfor %}
        {%- endfor %}
    ) as levels
    left join (
        {%- for comparison in comparisons %}
            select
                {{ string_literal(comparison['name']) }} as comparison_name,
                level_{{ comparison['name'] }} as comparison_level,
                cast(count(*) as bigint) as n_pairs
            from {{ pairs }}
            where level_{{ comparison['name'] }} >= 0
            group by level_{{ comparison['name'] }}
            {%- if not loop.last %}
                union all
            {%- endif %}
        {%- endfor %}
    ) as level_counts
        on
            levels.comparison_name = level_counts.comparison_name
            and levels.comparison_level = level_counts.comparison_level
{% endmacro %}


{#- True when the records l and r are two people by the details that tell relatives apart: every
    comparison flagged tells_relatives_apart (first name, date of birth) is known on both sides and
    disagrees (level 0: not a typo, not the names swapped, not day and month transposed): the
    test of the probable level's household rule (which reads the same flags from the levels it has
    already scored), here for records not yet scored: the strict person graph's holder rule
    (int_identity__person_holder_cuts). -#}
{% macro details_told_apart(comparisons=none) -%}
    {%- set comparisons = comparisons if comparisons is not none else probabilistic_comparisons() -%}
    {%- set parts = [] -%}
    {%- for comparison in comparisons if comparison.get('tells_relatives_apart') -%}
        {%- do parts.append('(' ~ comparison_level(comparison) ~ ') = 0') -%}
    {%- endfor -%}
    {%- if parts | length == 0 -%}
        {{ exceptions.raise_compiler_error("details_told_apart: no comparison of probabilistic_comparisons() is flagged tells_relatives_apart") }}
    {%- endif -%}
    ({{ parts | join(' and ') }})
{%- endmacro %}
