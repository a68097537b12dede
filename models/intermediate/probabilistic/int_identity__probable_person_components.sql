{{ config(materialized='connected_components', node_a='node_a', node_b='node_b', incremental=false) }}

-- Connected components of the probable person graph (see int_identity__probable_person_edges).
select
    node_a,
    node_b
from {{ ref('int_identity__probable_person_edges') }}
