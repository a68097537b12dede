{#- Remove diacritics (é -> e, Ł stays Ł, ß stays ß). -#}
{% macro strip_accents_sql(expr) -%}
    {{- return(adapter.dispatch('strip_accents_sql', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{#-
    Engines without a Unicode decomposition function get a translate() over the accented letters
    of Latin-1, Latin Extended-A, Greek and Cyrillic, mapped as DuckDB's strip_accents maps them.
-#}
{% macro default__strip_accents_sql(expr) -%}
    translate({{ expr }}, 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžȘșȚțʹΆΈΉΊΌΎΏΐΪΫάέήίΰϊϋόύώϓϔЀЁЃЇЌЍЎЙйѐёѓїќѝўѶѷӁӂӐӑӒӓӖӗӚӛӜӝӞӟӢӣӤӥӦӧӪӫӬӭӮӯӰӱӲӳӴӵӸӹ', 'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzSsTtʹΑΕΗΙΟΥΩιΙΥαεηιυιυουωϒϒЕЕГІКИУИиеегікиуѴѵЖжАаАаЕеӘәЖжЗзИиИиОоӨөЭэУуУуУуЧчЫы')
{%- endmacro %}

{% macro duckdb__strip_accents_sql(expr) -%}
    strip_accents({{ expr }})
{%- endmacro %}

{#- As DuckDB's strip_accents: decompose (NFD), drop the combining marks, recompose (NFC); letters
    without a decomposition (Ł, ß) stay. Needs a UTF8 database (PostgreSQL 13+). -#}
{% macro postgres__strip_accents_sql(expr) -%}
    normalize(regexp_replace(normalize({{ expr }}, nfd), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g'), nfc)
{%- endmacro %}
