{#-
    Coarse facts from a User-Agent header, by ordered keyword rules on the lowercased string.
    All three return NULL for a NULL or blank user agent. iPadOS 13+ Safari sends a macOS user
    agent and is read as desktop / macos / safari: the header cannot tell.
-#}

{% macro _user_agent_lower(expr) -%}
    lower({{ identity_resolution.clean_text(expr) }})
{%- endmacro %}

{#- smartphone | tablet | desktop | bot -#}
{% macro user_agent_device_class(expr) -%}
    {%- set ua = identity_resolution._user_agent_lower(expr) -%}
    case
        when {{ ua }} is null then null
        when {{ identity_resolution.regex_matches(ua, 'bot|crawler|spider|crawling|headless|slurp|facebookexternalhit|preview|lighthouse|curl/|wget/|python-requests|okhttp/|go-http-client|java/') }} then 'bot'
        when {{ identity_resolution.regex_matches(ua, 'ipad|tablet|kindle|silk/|playbook') }} then 'tablet'
        when {{ ua }} like '%android%' and {{ ua }} not like '%mobile%' then 'tablet'
        when {{ identity_resolution.regex_matches(ua, 'iphone|ipod|android|mobile|windows phone|blackberry|opera mini') }} then 'smartphone'
        else 'desktop'
    end
{%- endmacro %}

{#- ios | android | windows | macos | linux | chromeos | other -#}
{% macro user_agent_os(expr) -%}
    {%- set ua = identity_resolution._user_agent_lower(expr) -%}
    case
        when {{ ua }} is null then null
        when {{ identity_resolution.regex_matches(ua, 'iphone|ipad|ipod') }} then 'ios'
        when {{ ua }} like '%android%' then 'android'
        when {{ ua }} like '%cros %' then 'chromeos'
        when {{ identity_resolution.regex_matches(ua, 'windows|win64|win32') }} then 'windows'
        when {{ identity_resolution.regex_matches(ua, 'macintosh|mac os x') }} then 'macos'
        when {{ identity_resolution.regex_matches(ua, 'linux|x11') }} then 'linux'
        else 'other'
    end
{%- endmacro %}

{#- edge | opera | samsung_internet | chrome | firefox | safari | other; order matters, most UAs claim several. -#}
{% macro user_agent_browser(expr) -%}
    {%- set ua = identity_resolution._user_agent_lower(expr) -%}
    case
        when {{ ua }} is null then null
        when {{ identity_resolution.regex_matches(ua, 'edg/|edge/|edga/|edgios/') }} then 'edge'
        when {{ identity_resolution.regex_matches(ua, 'opr/|opera|opios/') }} then 'opera'
        when {{ ua }} like '%samsungbrowser/%' then 'samsung_internet'
        when {{ identity_resolution.regex_matches(ua, 'crios/|chrome/|chromium/') }} then 'chrome'
        when {{ identity_resolution.regex_matches(ua, 'fxios/|firefox/') }} then 'firefox'
        when {{ ua }} like '%safari/%' then 'safari'
        else 'other'
    end
{%- endmacro %}
