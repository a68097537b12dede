-- One row per (comparison, level) of probabilistic person linking, plus one 'prior' row: the
-- Fellegi-Sunter parameters a person can read. m_probability: the chance that two records of one
-- person take the level (EM over int_identity__person_record_vectors); u_probability: the chance
-- for two records of different people (random pairs, int_identity__person_record_u_probabilities);
-- partial_weight = log2(m / u), 0 for a missing field. The prior row's m_probability is the chance
-- that two random records belong to one person (the EM's share of matching candidates times the
-- candidate pairs, over all record pairs) and its partial_weight the prior log-odds.
-- var probabilistic_parameters: 'estimated' (this run) or 'pinned' (seeds/probabilistic_parameters.csv);
-- an estimated run with fewer candidate pairs than probabilistic_min_estimation_pairs reads the pinned ones.
-- m_source says where each m comes from: 'known_matches' (int_identity__known_match_m_probabilities,
-- used when an estimated run has at least probabilistic_min_known_match_pairs known-match pairs
-- among the sampled persons; the prior is then their share of all record pairs, scaled up by the
-- sample's share of the persons), 'em' (EM over the candidate vectors), 'pinned'
-- (the seed), or 'not_scored': a comparison whose scored_with (probabilistic_comparisons) leaves out
-- the run's source has m = u and partial weight 0 (the combined address comparison under EM or
-- pinned m, the four address fields under known-match m; under known-match m also a comparison of a
-- field that is an identifier, phone or e-mail, when fewer than probabilistic_min_identifier_comparison_pairs
-- known matches joined without that identifier's evidence compare it).
{%- set comparisons = probabilistic_comparisons() %}
{%- set mode = var('probabilistic_parameters', 'estimated') %}
{%- if mode not in ['estimated', 'pinned'] %}
    {{ exceptions.raise_compiler_error("var probabilistic_parameters must be 'estimated' or 'pinned', not '" ~ mode ~ "'") }}
{%- endif %}
{#- Parameters are estimated while the model runs; compile and lint render its shape without queries. -#}
{%- set running = execute and flags.WHICH in ['run', 'build', 'retry'] %}
{%- set tf_comparisons = [] %}
{%- for comparison in comparisons if comparison['tf'] %}
    {%- do tf_comparisons.append(comparison['name']) %}
{%- endfor %}
-- EM reads the vectors, the known-match m are counted, and a run may fall back to the pinned seed, through run_query:
-- depends_on: {{ ref('int_identity__person_record_vectors') }}
-- depends_on: {{ ref('int_identity__known_match_m_probabilities') }}
-- depends_on: {{ ref('probabilistic_parameters') }}
with u_probabilities as (
    select * from {{ ref('int_identity__person_record_u_probabilities') }}
),

records as (
    select * from {{ ref('int_identity__person_records') }}
),

{#- Too few candidate pairs (a small or new warehouse) cannot teach EM anything: pinned parameters then. -#}
{%- set source = namespace(mode=mode, m_source=none) %}
{%- if mode == 'estimated' and running %}
    {%- set n_candidates = run_query('select coalesce(sum(n_pairs), 0) from ' ~ ref('int_identity__person_record_vectors')).rows[0][0] | int %}
    {%- if n_candidates < var('probabilistic_min_estimation_pairs', 1000) %}
        {%- set source.mode = 'pinned' %}
        {%- do log('probabilistic parameters: ' ~ n_candidates ~ ' candidate pairs, fewer than probabilistic_min_estimation_pairs ('
            ~ var('probabilistic_min_estimation_pairs', 1000) ~ '): using the pinned parameters of seeds/probabilistic_parameters.csv', info=true) %}
    {%- endif %}
{%- endif %}
{%- if source.mode == 'pinned' and running %}
    {%- if run_query('select count(*) from ' ~ ref('probabilistic_parameters')).rows[0][0] | int == 0 %}
        {{ exceptions.raise_compiler_error("pinned probabilistic parameters requested, but seeds/probabilistic_parameters.csv is empty: export int_identity__probabilistic_parameters from an estimated run into it") }}
    {%- endif %}
{%- endif %}
{#- The source of m: known matches when there are enough of them, else EM (or the pinned seed). -#}
{%- set source.m_source = 'pinned' if source.mode == 'pinned' else 'em' %}
{%- if source.mode == 'estimated' and running %}
    {%- set n_known = run_query('select coalesce(max(n_known_match_pairs), 0) from ' ~ ref('int_identity__known_match_m_probabilities')).rows[0][0] | int %}
    {%- if n_known >= var('probabilistic_min_known_match_pairs', 1000) %}
        {%- set source.m_source = 'known_matches' %}
        {%- do log('probabilistic parameters: m-probabilities and prior from ' ~ n_known
            ~ ' known-match record pairs (at least probabilistic_min_known_match_pairs, '
            ~ var('probabilistic_min_known_match_pairs', 1000) ~ ')', info=true) %}
    {%- else %}
        {%- do log('probabilistic parameters: ' ~ n_known ~ ' known-match record pairs, fewer than probabilistic_min_known_match_pairs ('
            ~ var('probabilistic_min_known_match_pairs', 1000) ~ '): m-probabilities by EM', info=true) %}
    {%- endif %}
{%- endif %}
{#- Under known-match m, a comparison of a field that is also an identifier (identifier_type) reads
    the known matches joined without that identifier's evidence; with fewer of them than
    probabilistic_min_identifier_comparison_pairs (the field present on both sides), nothing
    measures its m without bias, and it is not scored. -#}
{%- set unmeasured = [] %}
{%- if source.m_source == 'known_matches' %}
    {%- set own_graph_rows = run_query('select comparison_name, sum(n_pairs) as n_pairs from '
        ~ ref('int_identity__known_match_m_probabilities') ~ ' group by comparison_name').rows %}
    {%- set own_graph_pairs = {} %}
    {%- for row in own_graph_rows %}
        {%- do own_graph_pairs.update({row[0]: row[1] | int}) %}
    {%- endfor %}
    {%- for comparison in comparisons if comparison.get('identifier_type') %}
        {%- if own_graph_pairs.get(comparison['name'], 0) < var('probabilistic_min_identifier_comparison_pairs', 30) %}
            {%- do unmeasured.append(comparison['name']) %}
            {%- do log('probabilistic parameters: ' ~ comparison['name'] ~ ' not scored: '
                ~ own_graph_pairs.get(comparison['name'], 0) ~ ' known-match pairs joined without '
                ~ comparison['identifier_type'] ~ ' evidence compare it, fewer than probabilistic_min_identifier_comparison_pairs ('
                ~ var('probabilistic_min_identifier_comparison_pairs', 30) ~ ')', info=true) %}
        {%- endif %}
    {%- endfor %}
{%- endif %}
{#- The comparisons scored under this source (the others: weight 0). -#}
{%- set scored = [] %}
{%- for comparison in comparisons
    if source.m_source in comparison.get('scored_with', [source.m_source]) and comparison['name'] not in unmeasured %}
    {%- do scored.append(comparison) %}
{%- endfor %}
{%- set scored_names = [] %}
{%- for comparison in scored %}
    {%- do scored_names.append(comparison['name']) %}
{%- endfor %}
{%- if source.mode == 'estimated' and source.m_source == 'known_matches' %}

    known_matches as (
        select * from {{ ref('int_identity__known_match_m_probabilities') }}
    ),

    record_count as (
        select cast(count(*) as {{ type_double() }}) as n_records from records
    ),

    -- The share of all record pairs known to match (the sample's known-match pairs over the sample's
    -- share of the persons): a lower bound of the prior (pairs of one person that no identifier
    -- joins are not counted), so it errs toward precision.
    prior as (
        select
            greatest(
                least(
                    cast(max(known_matches.n_known_match_pairs) as {{ type_double() }})
                    / max(known_matches.known_match_sample_share)
                    / nullif(max(record_count.n_records) * (max(record_count.n_records) - 1) / 2, 0),
                    0.5
                ),
                0.0000000001
            ) as prior_probability
        from known_matches
        cross join record_count
    ),

    levels as (
        select
            u_probabilities.comparison_name,
            u_probabilities.comparison_level,
            u_probabilities.level_label,
            known_matches.m_probability,
            u_probabilities.u_probability
        from u_probabilities
        inner join known_matches
            on
                u_probabilities.comparison_name = known_matches.comparison_name
                and u_probabilities.comparison_level = known_matches.comparison_level
        union all
        select
            'prior' as comparison_name,
            0 as comparison_level,
            'prior' as level_label,
            prior_probability as m_probability,
            1 - prior_probability as u_probability
        from prior
    ),
{%- elif source.mode == 'estimated' %}
    {%- set estimate = namespace(m={}, match_share=0, n_pairs=0, rounds=0, pinned_prior=none) %}
    {%- if running %}
    {%- set u_rows = run_query('select comparison_name, comparison_level, u_probability from ' ~ ref('int_identity__person_record_u_probabilities')) %}
    {%- set u_start = {} %}
    {%- for row in u_rows.rows %}
        {%- if row['comparison_name'] not in u_start %}
            {%- do u_start.update({row['comparison_name']: {}}) %}
        {%- endif %}
        {%- do u_start[row['comparison_name']].update({row['comparison_level'] | int: row['u_probability'] | float}) %}
    {%- endfor %}
    {%- set result = estimate_m_probabilities(
        ref('int_identity__person_record_vectors'), scored, u_start,
        var('probabilistic_em_max_rounds'), var('probabilistic_em_tolerance')) %}
    {%- set estimate.m = result['m'] %}
    {%- set estimate.match_share = result['match_share'] %}
    {%- set estimate.n_pairs = result['n_pairs'] %}
    {%- set estimate.rounds = result['rounds'] %}
    {%- do log('probabilistic parameters: ' ~ estimate.rounds ~ ' EM rounds over ' ~ (estimate.n_pairs | int) ~ ' candidate pairs', info=true) %}
    {#- A plausible match class: two records of one person agree exactly on each of the person's own
        details (names, date of birth) more often than they disagree on it entirely. When the
        candidates are dominated by households or buildings, EM can take "same address" for the
        match class (its records then mostly disagree on the first name): that EM has learned
        households, not persons. Its m-probabilities and match share are then not used; the pinned
        ones are (typing noise is much the same from one business to another), with this run's own
        u-probabilities (how often strangers agree is a property of this business's values). -#}
    {%- set implausible = [] %}
    {%- for comparison in scored if comparison.get('person_detail') %}
        {%- set m_of = estimate.m.get(comparison['name'], {}) %}
        {%- set top = comparison['levels'] | length %}
        {%- if (m_of.get(top, 0) | float) <= (m_of.get(0, 0) | float) %}
            {%- do implausible.append(comparison['name']) %}
        {%- endif %}
    {%- endfor %}
    {%- if implausible %}
        {%- set pinned_rows = run_query('select comparison_name, comparison_level, m_probability from ' ~ ref('probabilistic_parameters')).rows %}
        {%- if pinned_rows | length == 0 %}
            {{ exceptions.raise_compiler_error("EM learned an implausible match class and seeds/probabilistic_parameters.csv is empty: nothing safe to score with") }}
        {%- endif %}
        {%- set pinned_m = {} %}
        {%- set pinned = namespace(prior=none) %}
        {%- for row in pinned_rows %}
            {%- if row['comparison_name'] == 'prior' %}
                {%- set pinned.prior = row['m_probability'] | float %}
            {%- else %}
                {%- if row['comparison_name'] not in pinned_m %}
                    {%- do pinned_m.update({row['comparison_name']: {}}) %}
                {%- endif %}
                {%- do pinned_m[row['comparison_name']].update({row['comparison_level'] | int: row['m_probability'] | float}) %}
            {%- endif %}
        {%- endfor %}
        {%- set estimate.m = pinned_m %}
        {%- set estimate.pinned_prior = pinned.prior %}
        {%- set source.mode = 'estimated_u_pinned_m' %}
        {%- set source.m_source = 'pinned' %}
        {%- do log('probabilistic parameters: EM took a match class whose records disagree on '
            ~ implausible | join(', ') ~ ' more often than they agree (households, not persons): '
            ~ 'pinned m-probabilities and prior with this run\'s u-probabilities', info=true) %}
    {%- endif %}
{%- endif %}

    m_probabilities as (
        {%- for comparison in comparisons %}
            {%- set outer = loop %}
            {%- for level, label in comparison_level_labels(comparison) if level >= 0 %}
                select
                    {{ string_literal(comparison['name']) }} as comparison_name,
                    {{ level }} as comparison_level,
                    cast({{ estimate.m.get(comparison['name'], {}).get(level, 'null') }} as {{ type_double() }})
                        as m_probability
                {%- if not (outer.last and loop.last) %}
                    union all
                {%- endif %}
            {%- endfor %}
        {%- endfor %}
    ),

    record_count as (
        select cast(count(*) as {{ type_double() }}) as n_records from records
    ),

    -- Expected matching record pairs over all record pairs: the prior chance that two random records match.
    -- (The pinned prior instead when EM's match class was not used, see above.)
    prior as (
        select
            coalesce(
                cast({{ 'null' if estimate.pinned_prior is none else estimate.pinned_prior }} as {{ type_double() }}),
                greatest(
                    least(
                        cast({{ estimate.match_share }} as {{ type_double() }})
                        * cast({{ estimate.n_pairs }} as {{ type_double() }})
                        / nullif(n_records * (n_records - 1) / 2, 0),
                        0.5
                    ),
                    0.0000000001
                )
            ) as prior_probability
        from record_count
    ),

    levels as (
        select
            u_probabilities.comparison_name,
            u_probabilities.comparison_level,
            u_probabilities.level_label,
            coalesce(m_probabilities.m_probability, 0.000001) as m_probability,
            u_probabilities.u_probability
        from u_probabilities
        left join m_probabilities
            on
                u_probabilities.comparison_name = m_probabilities.comparison_name
                and u_probabilities.comparison_level = m_probabilities.comparison_level
        union all
        select
            'prior' as comparison_name,
            0 as comparison_level,
            'prior' as level_label,
            prior_probability as m_probability,
            1 - prior_probability as u_probability
        from prior
    ),
{%- else %}

    pinned as (
        select * from {{ ref('probabilistic_parameters') }}
    ),

levels as (
    select
        comparison_name,
        comparison_level,
        level_label,
        m_probability,
        u_probability
    from pinned
),
{%- endif %}

-- A comparison not scored under this run's source of m: m = u, partial weight 0, no term frequency.
marked as (
    select
        *,
        comparison_name = 'prior' or comparison_name in {{ sql_value_list(scored_names) }} as is_scored
    from levels
),

final as (
    select
        comparison_name,
        comparison_level,
        level_label,
        case when is_scored then m_probability else u_probability end as m_probability,
        u_probability,
        case when is_scored then ln(m_probability / u_probability) / ln(2.0) else 0.0 end as partial_weight,
        is_scored
        and comparison_name in {{ sql_value_list(tf_comparisons) }}
        and comparison_level = (
            select max(same_comparison.comparison_level)
            from levels as same_comparison
            where same_comparison.comparison_name = marked.comparison_name
        ) as has_term_frequency,
        {{ string_literal(source.mode) }} as parameter_source,
        case when is_scored then {{ string_literal(source.m_source) }} else 'not_scored' end as m_source
    from marked
)

select * from final
