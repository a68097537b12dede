{{ config(
    materialized='bounded_components',
    level='person',
    components='int_identity__person_components',
    node_measures='int_identity__person_node_measures',
    bounds='identity_bounds',
) }}
-- depends_on: {{ ref('int_identity__person_components') }}
-- depends_on: {{ ref('int_identity__person_node_measures') }}
-- depends_on: {{ ref('identity_bounds') }}

-- The components of the person graph within the person bounds of seeds/identity_bounds.csv: a
-- component over a bound (a chain of plausible links joining strangers) is split along its weakest
-- evidence until every part is within bounds (see the bounded_components materialization).
select
    node_a,
    node_b,
    confidence,
    n_records
from {{ ref('int_identity__person_edges') }}
