{{ config(
    materialized='connected_components',
    node_a='node_a',
    node_b='node_b',
    max_rounds=var('max_rounds'),
) }}

{% if var('edges_table') %}
    select node_a, node_b from {{ var('edges_table') }}
{% else %}
    select node_a, node_b from read_parquet('{{ var("edges_path") }}')
{% endif %}
