{#- The raw tables of the source contract with their base and staging models and record key:
    one list for every model that needs to go over all of them (quarantine, metrics). -#}
{% macro staging_tables() %}
    {{ return([
        {'source': 'web', 'source_table': 'web_events', 'base': 'base_web__events', 'staged': 'stg_web__events', 'key': 'event_id'},
        {'source': 'app', 'source_table': 'app_events', 'base': 'base_app__events', 'staged': 'stg_app__events', 'key': 'event_id'},
        {'source': 'esp', 'source_table': 'esp_recipients', 'base': 'base_esp__recipients', 'staged': 'stg_esp__recipients', 'key': 'esp_record_id'},
        {'source': 'crm', 'source_table': 'crm_accounts', 'base': 'base_crm__accounts', 'staged': 'stg_crm__accounts', 'key': 'account_id'},
        {'source': 'crm', 'source_table': 'crm_contact_points', 'base': 'base_crm__contact_points', 'staged': 'stg_crm__contact_points', 'key': 'contact_point_id'},
        {'source': 'crm', 'source_table': 'preferences', 'base': 'base_crm__preferences', 'staged': 'stg_crm__preferences', 'key': 'preference_id'},
        {'source': 'commerce', 'source_table': 'orders', 'base': 'base_commerce__orders', 'staged': 'stg_commerce__orders', 'key': 'order_id'},
        {'source': 'travel', 'source_table': 'bookings', 'base': 'base_travel__bookings', 'staged': 'stg_travel__bookings', 'key': 'booking_id'},
        {'source': 'travel', 'source_table': 'booking_guests', 'base': 'base_travel__booking_guests', 'staged': 'stg_travel__booking_guests', 'key': 'booking_guest_id'},
        {'source': 'loyalty', 'source_table': 'loyalty_members', 'base': 'base_loyalty__members', 'staged': 'stg_loyalty__members', 'key': 'loyalty_number'},
        {'source': 'loyalty', 'source_table': 'pos_transactions', 'base': 'base_loyalty__pos_transactions', 'staged': 'stg_loyalty__pos_transactions', 'key': 'transaction_id'},
        {'source': 'marketing', 'source_table': 'subscriptions', 'base': 'base_marketing__subscriptions', 'staged': 'stg_marketing__subscriptions', 'key': 'subscription_event_id'},
        {'source': 'privacy', 'source_table': 'erasure_requests', 'base': 'base_privacy__erasure_requests', 'staged': 'stg_privacy__erasure_requests', 'key': 'erasure_request_id'},
    ]) }}
{% endmacro %}
