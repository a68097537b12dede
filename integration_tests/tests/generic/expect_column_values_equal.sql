{#-
    Fails every row where column_name differs from expected_column, NULLs included: a NULL where
    a value was expected, or a value where NULL was expected, is a failure.
-#}
{% test expect_column_values_equal(model, column_name, expected_column) %}

select *
from {{ model }}
where {{ column_name }} is distinct from {{ expected_column }}

{% endtest %}
