{{ config(materialized='connected_components', node_a='node_a', node_b='node_b') }}

-- Connected components of the persona graph (see int_identity__persona_edges).
select
    node_a,
    node_b
from {{ ref('int_identity__persona_edges') }}
