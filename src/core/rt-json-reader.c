/* rt-json-reader.c: loading untrusted JSON bodies and reading typed members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-json-check.h"
#include "rt-json-private.h"

/* Bodies come from the network and are untrusted: their size is capped before
 * anything looks at them, they must be valid UTF-8, and their nesting depth is
 * capped by a scan before json-glib (whose parser recurses) sees them. Unknown
 * fields are ignored so that the service may grow; known fields are checked
 * strictly, and an error names the path of the field, e.g.
 * "tokens[2].created_at". Error messages never quote a value. */

#define ROOT_PATH "(root)"

/* --- errors and paths ---------------------------------------------------- */

char *
rt_json_join_path (const char *path,
                   const char *field)
{
  if (path == NULL)
    return g_strdup (field);

  return g_strconcat (path, ".", field, NULL);
}

void
rt_json_set_field_error (GError     **error,
                         RtJsonError  code,
                         const char  *path,
                         const char  *field,
                         const char  *format,
                         ...)
{
  g_autofree char *full_path = NULL;
  g_autofree char *message = NULL;
  va_list args;

  if (field != NULL)
    full_path = rt_json_join_path (path, field);
  else
    full_path = g_strdup (path != NULL ? path : ROOT_PATH);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, RT_JSON_ERROR, code, "%s: %s", full_path, message);
}

static const char *
describe_node (JsonNode *node)
{
  if (node == NULL)
    return "nothing";

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return "a string";
        case G_TYPE_BOOLEAN:
          return "a boolean";
        default:
          return "a number";
        }
    default:
      return "an unknown value";
    }
}

/* --- loading --------------------------------------------------------------- */

/* The app's JSON goes through rt_json_check_text() before json-glib. */
static gboolean
check_before_parsing (const char  *data,
                      gsize        len,
                      int          max_depth,
                      GError     **error)
{
  g_autofree char *problem = NULL;
  RtJsonCheck check = rt_json_check_text (data, len, max_depth, &problem);

  if (check == RT_JSON_CHECK_OK)
    return TRUE;

  rt_json_set_field_error (error,
                           check == RT_JSON_CHECK_TOO_DEEP ? RT_JSON_ERROR_TOO_DEEP
                                                           : RT_JSON_ERROR_MALFORMED,
                           NULL, NULL, "%s", problem);
  return FALSE;
}

/**
 * rt_json_is_safe_for_parser:
 * @data: the text
 * @len: its length in bytes
 *
 * Whether json-glib 1.6 can be given @data safely (see
 * check_before_parsing()), for JSON that is not a body of the API; nesting
 * is limited to 64 levels.
 */
gboolean
rt_json_is_safe_for_parser (const char *data,
                            gsize       len)
{
  return check_before_parsing (data, len, 64, NULL);
}

/* json-glib's messages quote the text where parsing stopped, which may be
 * part of a secret (a "secret" value with a lone surrogate escape, say), and
 * need not even be UTF-8. Only the kind of error goes into ours. */
static const char *
describe_parser_error (const GError *error)
{
  if (error->domain != JSON_PARSER_ERROR)
    return "unreadable input";

  switch (error->code)
    {
    case JSON_PARSER_ERROR_TRAILING_COMMA:
      return "a trailing comma";
    case JSON_PARSER_ERROR_MISSING_COMMA:
      return "a missing comma";
    case JSON_PARSER_ERROR_MISSING_COLON:
      return "a missing colon";
    case JSON_PARSER_ERROR_INVALID_BAREWORD:
      return "an invalid value";
    case JSON_PARSER_ERROR_EMPTY_MEMBER_NAME:
      return "an empty member name";
    case JSON_PARSER_ERROR_INVALID_DATA:
      return "invalid data";
    case JSON_PARSER_ERROR_PARSE:
    case JSON_PARSER_ERROR_UNKNOWN:
    default:
      return "a syntax error";
    }
}

/* What rt_json_load() checks before json-glib sees @bytes. */
gboolean
rt_json_check_body (GBytes  *bytes,
                    GError **error)
{
  const char *data;
  const char *end = NULL;
  gsize len;

  data = g_bytes_get_data (bytes, &len);

  if (len > RT_JSON_MAX_BYTES)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_TOO_LARGE, NULL, NULL,
                               "body of %" G_GSIZE_FORMAT " bytes exceeds the limit of %d bytes",
                               len, RT_JSON_MAX_BYTES);
      return FALSE;
    }

  if (len == 0)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_MALFORMED, NULL, NULL, "empty body");
      return FALSE;
    }

  /* json-glib does not reliably reject invalid UTF-8 (nor embedded NULs,
   * which g_utf8_validate() refuses when given a length). */
  if (!g_utf8_validate (data, len, &end))
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_MALFORMED, NULL, NULL,
                               "not valid UTF-8 at byte %" G_GSIZE_FORMAT, (gsize) (end - data));
      return FALSE;
    }

  return check_before_parsing (data, len, RT_JSON_MAX_DEPTH, error);
}

JsonParser *
rt_json_load (GBytes  *bytes,
              GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len;

  if (!rt_json_check_body (bytes, error))
    return NULL;

  data = g_bytes_get_data (bytes, &len);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_MALFORMED, NULL, NULL,
                               "not valid JSON: %s", describe_parser_error (local_error));
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_MALFORMED, NULL, NULL, "no JSON value");
      return NULL;
    }

  return g_steal_pointer (&parser);
}

JsonObject *
rt_json_expect_object (JsonNode    *node,
                       const char  *path,
                       GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_WRONG_TYPE, path, NULL,
                               "expected an object, got %s", describe_node (node));
      return NULL;
    }

  return json_node_get_object (node);
}

/* --- typed members --------------------------------------------------------- */

/* Looks up @field. An absent member is a MISSING_FIELD error unless
 * @optional; an optional member that is absent or null gives %NULL. */
static gboolean
get_member (JsonObject  *object,
            const char  *path,
            const char  *field,
            gboolean     optional,
            JsonNode   **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, field);

  *out = NULL;

  if (node == NULL && !optional)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_MISSING_FIELD, path, field, "missing");
      return FALSE;
    }

  if (node != NULL && JSON_NODE_HOLDS_NULL (node) && optional)
    return TRUE;

  *out = node;

  return TRUE;
}

gboolean
rt_json_read_string (JsonObject  *object,
                     const char  *path,
                     const char  *field,
                     gboolean     optional,
                     const char **out,
                     GError     **error)
{
  JsonNode *node;

  *out = NULL;

  if (!get_member (object, path, field, optional, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_WRONG_TYPE, path, field,
                               "expected a string, got %s", describe_node (node));
      return FALSE;
    }

  *out = json_node_get_string (node);

  return TRUE;
}

gboolean
rt_json_read_container (JsonObject    *object,
                        const char    *path,
                        const char    *field,
                        gboolean       optional,
                        JsonNodeType   type,
                        JsonNode     **out,
                        GError       **error)
{
  JsonNode *node;

  *out = NULL;

  if (!get_member (object, path, field, optional, &node, error))
    return FALSE;

  if (node != NULL && json_node_get_node_type (node) != type)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_WRONG_TYPE, path, field,
                               "expected %s, got %s",
                               type == JSON_NODE_ARRAY ? "an array" : "an object",
                               describe_node (node));
      return FALSE;
    }

  *out = node;

  return TRUE;
}

gboolean
rt_json_read_uint (JsonObject  *object,
                   const char  *path,
                   const char  *field,
                   guint        min,
                   guint        max,
                   guint       *out,
                   GError     **error)
{
  JsonNode *node;
  gint64 value;

  if (!get_member (object, path, field, FALSE, &node, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_WRONG_TYPE, path, field,
                               "expected an integer, got %s", describe_node (node));
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < (gint64) min || value > (gint64) max)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, path, field,
                               "not between %u and %u", min, max);
      return FALSE;
    }

  *out = (guint) value;

  return TRUE;
}

/* Checks text against a pattern where 'd' is a digit and anything else must
 * match literally; returns the length matched, or 0. */
static gsize
match_pattern (const char *text,
               const char *pattern)
{
  gsize i;

  for (i = 0; pattern[i] != '\0'; i++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
        return 0;
    }

  return i;
}

/* RFC 3339 section 5.6, with an explicit offset or Z; the ranges of the
 * fields are left to g_date_time_new_from_iso8601(). */
static gboolean
is_rfc3339_date_time (const char *text)
{
  const char *p = text;

  if (match_pattern (p, "dddd-dd-dd") == 0 || (p[10] != 'T' && p[10] != 't'))
    return FALSE;
  p += 11;

  if (match_pattern (p, "dd:dd:dd") == 0)
    return FALSE;
  p += 8;

  if (*p == '.')
    {
      if (!g_ascii_isdigit (p[1]))
        return FALSE;
      for (p++; g_ascii_isdigit (*p); p++)
        ;
    }

  if (*p == 'Z' || *p == 'z')
    return p[1] == '\0';

  if (*p == '+' || *p == '-')
    return match_pattern (p + 1, "dd:dd") != 0 && p[6] == '\0';

  return FALSE;
}

gboolean
rt_json_read_date_time (JsonObject  *object,
                        const char  *path,
                        const char  *field,
                        gboolean     optional,
                        GDateTime  **out,
                        GError     **error)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *upper = NULL;
  const char *text;

  *out = NULL;

  if (!rt_json_read_string (object, path, field, optional, &text, error))
    return FALSE;

  if (text == NULL)
    return TRUE;

  /* RFC 3339 allows a lower-case "t" and "z"; GLib does not. */
  if (is_rfc3339_date_time (text))
    {
      upper = g_ascii_strup (text, -1);
      parsed = g_date_time_new_from_iso8601 (upper, NULL);
    }

  if (parsed == NULL)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, path, field,
                               "not an RFC 3339 date-time");
      return FALSE;
    }

  /* A valid text may still fall outside GDateTime's range once moved to
   * UTC ("9999-12-31T23:59:59-01:00"); a NULL here would pass for an
   * absent optional member, or leave a required one unset. */
  *out = g_date_time_to_utc (parsed);
  if (*out == NULL)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, path, field,
                               "not a representable date-time");
      return FALSE;
    }

  return TRUE;
}

gboolean
rt_json_read_date (JsonObject  *object,
                   const char  *path,
                   const char  *field,
                   gboolean     optional,
                   GDate      **out,
                   GError     **error)
{
  const char *text;
  guint year, month, day;

  *out = NULL;

  if (!rt_json_read_string (object, path, field, optional, &text, error))
    return FALSE;

  if (text == NULL)
    return TRUE;

  if (strlen (text) != 10 || match_pattern (text, "dddd-dd-dd") == 0)
    goto invalid;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    goto invalid;

  *out = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return TRUE;

invalid:
  rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, path, field,
                           "not a YYYY-MM-DD calendar date");
  return FALSE;
}
