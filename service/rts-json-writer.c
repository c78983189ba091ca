/* rts-json-writer.c: JSON text written straight into a GString
 *
 * The token list writes its pages with these rather than through a
 * JsonNode tree and JsonGenerator, which cost several times as much as the
 * SQL under a page of a thousand tokens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rts-json-writer.h"

#define REPLACEMENT_CHARACTER "\357\277\275"

/* Appends text as the inside of a JSON string (RFC 8259, section 7): quote,
 * backslash and control characters escaped, everything else as UTF-8. Each
 * byte that is not part of valid UTF-8 becomes U+FFFD, as with
 * g_utf8_make_valid(), so the output is always valid UTF-8. */
void
rts_json_append_escaped (GString    *out,
                         const char *text)
{
  const char *run = text;
  const char *p = text;

  g_return_if_fail (out != NULL);
  g_return_if_fail (text != NULL);

  while (*p != '\0')
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\')
        {
          p++;
          continue;
        }

      g_string_append_len (out, run, p - run);

      if (c >= 0x80)
        {
          gunichar ch = g_utf8_get_char_validated (p, -1);

          if (ch == (gunichar) -1 || ch == (gunichar) -2)
            {
              g_string_append (out, REPLACEMENT_CHARACTER);
              p++;
            }
          else
            {
              const char *next = g_utf8_next_char (p);

              g_string_append_len (out, p, next - p);
              p = next;
            }
        }
      else
        {
          switch (c)
            {
            case '"':  g_string_append (out, "\\\""); break;
            case '\\': g_string_append (out, "\\\\"); break;
            case '\b': g_string_append (out, "\\b"); break;
            case '\f': g_string_append (out, "\\f"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            default:   g_string_append_printf (out, "\\u%04x", c); break;
            }
          p++;
        }

      run = p;
    }

  g_string_append_len (out, run, p - run);
}

/* Appends text as a JSON string, or null when text is NULL. */
void
rts_json_append_string (GString    *out,
                        const char *text)
{
  g_return_if_fail (out != NULL);

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  rts_json_append_escaped (out, text);
  g_string_append_c (out, '"');
}
