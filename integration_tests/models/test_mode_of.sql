-- mode_of: the most frequent non-NULL value of a group, the smallest among equally frequent ones
-- (whatever order the rows come in): one row per group.
with

observations as (

    select observation.* from (
        values
        (1, 'b'), (1, 'a'), (1, 'b'), (1, 'a'), (1, 'c'),
        (2, 'z'), (2, 'y'),
        (3, null), (3, null), (3, 'q'),
        (4, 'm'), (4, 'n'), (4, 'n'),
        (5, null)
    ) as observation (group_id, observed_value)

),

expected as (

    select expectation.* from (
        values (1, 'a'), (2, 'y'), (3, 'q'), (4, 'n'), (5, null)
    ) as expectation (group_id, expected_mode)

),

actual as (

    select
        group_id,
        {{ identity_resolution.mode_of('observed_value') }} as actual_mode
    from observations
    group by group_id

),

final as (

    select
        expected.group_id,
        expected.expected_mode,
        actual.actual_mode
    from expected
    inner join actual
        on expected.group_id = actual.group_id

)

select * from final
