{#-
    The sources that feed the identity graph: for each, the staging model, the name its records
    go by in link_rules.source_table, the record key, the timestamp, the record kind (matched
    against link_rules.record_kind) and which column expressions hold which identifier types.
    Adding a source means adding an entry here and rules in seeds/link_rules.csv; the linking SQL
    does not change. Override it by defining `identity_sources` in your own project.
-#}
{% macro identity_sources() %}
    {%- set name_key = name_dob_address_key('first_name_key', 'last_name_key', 'date_of_birth', 'postal_code', 'street') -%}
    {{ return([
        {'model': 'stg_web__events', 'source_table': 'web_events', 'key': 'event_id',
         'at': 'occurred_at', 'kind': web_event_record_kind('event_type', 'properties'),
         'identifiers': [('anonymous_id', 'anonymous_id'), ('account_id', 'account_id'),
                         ('email', 'form_email'), ('esp_record_id', 'esp_record_id')]},
        {'model': 'stg_app__events', 'source_table': 'app_events', 'key': 'event_id',
         'at': 'occurred_at', 'kind': 'event_type',
         'identifiers': [('device_id', 'device_id'), ('account_id', 'account_id')]},
        {'model': 'stg_esp__recipients', 'source_table': 'esp_recipients', 'key': 'esp_record_id',
         'at': 'created_at', 'kind': "'recipient'",
         'identifiers': [('esp_record_id', 'esp_record_id'), ('email', 'email')]},
        {'model': 'stg_crm__accounts', 'source_table': 'crm_accounts', 'key': 'account_id',
         'at': 'created_at', 'kind': "'account'",
         'identifiers': [('account_id', 'account_id'), ('name_dob_address', name_key)]},
        {'model': 'stg_crm__contact_points', 'source_table': 'crm_contact_points', 'key': 'contact_point_id',
         'at': 'added_at', 'kind': 'added_by',
         'identifiers': [('account_id', 'account_id'),
                         ('email', "case when kind = 'email' then contact_value end"),
                         ('phone', "case when kind = 'phone' then contact_value end")]},
        {'model': 'stg_crm__preferences', 'source_table': 'preferences', 'key': 'preference_id',
         'at': 'updated_at', 'kind': 'kind',
         'identifiers': [('account_id', 'account_id')]},
        {'model': 'stg_commerce__orders', 'source_table': 'orders', 'key': 'order_id',
         'at': 'ordered_at', 'kind': 'channel',
         'identifiers': [('account_id', 'account_id'), ('email', 'email'), ('phone', 'phone'),
                         ('loyalty_number', 'loyalty_number')]},
        {'model': 'stg_travel__bookings', 'source_table': 'bookings', 'key': 'booking_id',
         'at': 'booked_at', 'kind': "'booking'",
         'identifiers': [('account_id', 'account_id')]},
        {'model': 'stg_travel__booking_guests', 'source_table': 'booking_guests', 'key': 'booking_guest_id',
         'at': 'cast(null as timestamp)', 'kind': "'guest'",
         'identifiers': [('email', 'email'), ('phone', 'phone')]},
        {'model': 'stg_loyalty__members', 'source_table': 'loyalty_members', 'key': 'loyalty_number',
         'at': 'enrolled_at', 'kind': "'member'",
         'identifiers': [('loyalty_number', 'loyalty_number'), ('email', 'email'), ('phone', 'phone'),
                         ('name_dob_address', name_key)]},
        {'model': 'stg_loyalty__pos_transactions', 'source_table': 'pos_transactions', 'key': 'transaction_id',
         'at': 'occurred_at', 'kind': "'swipe'",
         'identifiers': [('loyalty_number', 'loyalty_number'), ('card_token', 'card_token')]},
        {'model': 'stg_marketing__subscriptions', 'source_table': 'subscriptions', 'key': 'subscription_event_id',
         'at': 'updated_at', 'kind': 'status',
         'identifiers': [('email', 'email')]},
    ]) }}
{% endmacro %}


{#- The record kind of a web event for link_rules: its event type, except that a form the var
    third_party_email_forms names (a gift card, a refer-a-friend form: properties.form) is
    'form_submit_third_party', for which no rule makes the typed email evidence about the browser:
    that email is someone else's by the form's purpose. -#}
{% macro web_event_record_kind(event_type, properties) -%}
    {%- set forms = var('third_party_email_forms', []) -%}
    {%- if forms | length == 0 -%}
        {{ event_type }}
    {%- else -%}
        case
            when
                {{ event_type }} = 'form_submit'
                and {{ value_in_list('lower(trim(' ~ safe_json_text(properties, 'form') ~ '))', forms) }}
                then 'form_submit_third_party'
            else {{ event_type }}
        end
    {%- endif -%}
{%- endmacro %}
