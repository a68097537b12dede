{#-
    m-probabilities by expectation-maximisation over the comparison vectors of the candidate pairs
    (vectors_relation: one row per vector, level_<comparison> columns and n_pairs). Each round is
    one aggregate query over that small table: the E step scores each vector's match posterior
    under the current parameters, the M step sums the posteriors per level. Both classes are free
    during EM (the non-matches among candidate pairs agree on their blocking columns far more
    often than random pairs do); only m leaves the macro, u comes from random pairs.
    u_start: {comparison: {level: u}} from random pairs, the starting non-match distribution.
    Stops after max_rounds or when no m moves more than tolerance.
    Returns {'m': {comparison: {level: m}}, 'match_share': share of candidate pairs that match,
    'n_pairs': candidate pairs, 'rounds': rounds run}.
-#}
{% macro estimate_m_probabilities(vectors_relation, comparisons, u_start, max_rounds, tolerance) %}
    {%- set state = namespace(m={}, u={}, share=0.2, rounds=0, converged=false, n_pairs=0) -%}
    {#- Start: agreement likely for matches (the closest level most), the random-pair u for non-matches. -#}
    {%- for comparison in comparisons -%}
        {%- set n_levels = comparison['levels'] | length -%}
        {%- set m_levels = {0: 0.05} -%}
        {%- set u_levels = {} -%}
        {%- for level in range(1, n_levels + 1) -%}
            {%- if level == n_levels -%}
                {%- do m_levels.update({level: 0.95 - 0.15 * (n_levels - 1)}) -%}
            {%- else -%}
                {%- do m_levels.update({level: 0.15}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for level in range(0, n_levels + 1) -%}
            {%- do u_levels.update({level: u_start[comparison['name']][level]}) -%}
        {%- endfor -%}
        {%- do state.m.update({comparison['name']: m_levels}) -%}
        {%- do state.u.update({comparison['name']: u_levels}) -%}
    {%- endfor -%}
    {%- for round in range(max_rounds) -%}
    {%- if not state.converged -%}
        {%- set query -%}
            with vectors as (
                select * from {{ vectors_relation }}
            ),

            likelihoods as (
                select
                    *,
                    cast({{ state.share }} as {{ identity_resolution.type_double() }})
                    {%- for comparison in comparisons %}
                    * {{ identity_resolution._em_level_value('level_' ~ comparison['name'], state.m[comparison['name']]) }}
                    {%- endfor %} as match_likelihood,
                    cast({{ 1 - state.share }} as {{ identity_resolution.type_double() }})
                    {%- for comparison in comparisons %}
                    * {{ identity_resolution._em_level_value('level_' ~ comparison['name'], state.u[comparison['name']]) }}
                    {%- endfor %} as non_match_likelihood
                from vectors
            ),

            posteriors as (
                select
                    *,
                    n_pairs * match_likelihood / (match_likelihood + non_match_likelihood) as n_match,
                    n_pairs * non_match_likelihood / (match_likelihood + non_match_likelihood) as n_non_match
                from likelihoods
            )

            select
                sum(n_pairs) as n_pairs,
                sum(n_match) as n_match
                {%- for comparison in comparisons %}
                {%- for level in range(0, (comparison['levels'] | length) + 1) %},
                sum(case when level_{{ comparison['name'] }} = {{ level }} then n_match else 0 end) as m_{{ level }}_{{ comparison['name'] }},
                sum(case when level_{{ comparison['name'] }} = {{ level }} then n_non_match else 0 end) as u_{{ level }}_{{ comparison['name'] }}
                {%- endfor %}
                {%- endfor %}
            from posteriors
        {%- endset -%}
        {%- set row = run_query(query).rows[0] -%}
        {%- set state.n_pairs = row['n_pairs'] | float -%}
        {%- if state.n_pairs == 0 -%}
            {%- set state.converged = true -%}
        {%- else -%}
            {%- set change = namespace(largest=0) -%}
            {%- set state.share = [[(row['n_match'] | float) / state.n_pairs, 0.000001] | max, 0.999999] | min -%}
            {%- for comparison in comparisons -%}
                {%- set levels = range(0, (comparison['levels'] | length) + 1) | list -%}
                {%- set totals = namespace(m=0, u=0) -%}
                {%- for level in levels -%}
                    {%- set totals.m = totals.m + (row['m_' ~ level ~ '_' ~ comparison['name']] | float) -%}
                    {%- set totals.u = totals.u + (row['u_' ~ level ~ '_' ~ comparison['name']] | float) -%}
                {%- endfor -%}
                {#- A comparison missing on every pair keeps its start values (its weight is 0 anyway). -#}
                {%- if totals.m > 0 and totals.u > 0 -%}
                    {%- for level in levels -%}
                        {%- set m_new = [(row['m_' ~ level ~ '_' ~ comparison['name']] | float) / totals.m, 0.000001] | max -%}
                        {%- set u_new = [(row['u_' ~ level ~ '_' ~ comparison['name']] | float) / totals.u, 0.000001] | max -%}
                        {%- set moved = m_new - state.m[comparison['name']][level] -%}
                        {%- set change.largest = [change.largest, moved, -moved] | max -%}
                        {%- do state.m[comparison['name']].update({level: m_new}) -%}
                        {%- do state.u[comparison['name']].update({level: u_new}) -%}
                    {%- endfor -%}
                {%- endif -%}
            {%- endfor -%}
            {%- set state.rounds = round + 1 -%}
            {%- if change.largest < tolerance -%}
                {%- set state.converged = true -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {%- endfor -%}
    {#- Rounded to 10 decimals: parallel sums may differ in their last bits between two runs on the
        same data, and an incremental run must give the same tables as a full one. -#}
    {%- for name, levels in state.m.items() -%}
        {%- for level, value in levels.items() -%}
            {%- do levels.update({level: value | round(10)}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set state.share = state.share | round(10) -%}
    {{ return({'m': state.m, 'match_share': state.share, 'n_pairs': state.n_pairs, 'rounds': state.rounds, 'converged': state.converged}) }}
{% endmacro %}


{#- The parameter of a level column's value (missing = 1, neutral). -#}
{% macro _em_level_value(level_column, values) -%}
    case {{ level_column }}
        {%- for level, value in values.items() %}
        when {{ level }} then cast({{ value }} as {{ identity_resolution.type_double() }})
        {%- endfor %}
        else 1
    end
{%- endmacro %}
