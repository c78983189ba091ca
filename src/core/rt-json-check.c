/* rt-json-check.c: what json-glib 1.6 must not be given, found before it is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-json-check.h"

static void
set_problem (char **problem,
             char  *text)
{
  if (problem != NULL)
    *problem = text;
  else
    g_free (text);
}

/* Reads the four hex digits of a "\u" escape at @p, or returns -1 when
 * they are not there. */
static int
read_unicode_escape (const char *p,
                     gsize       available)
{
  int value = 0;

  if (available < 4)
    return -1;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* Describes the "\u" escape whose 'u' is at @i if json-glib 1.6 mishandles
 * it, or returns NULL and sets @skip to the characters it spans past the
 * 'u' when it is fine. One without its four hex digits json-glib may take
 * in part or trip over, leaking the string it was reading; at "\u0000" it
 * silently cuts the string short (a secret, an id); a surrogate that is not
 * part of a pair it either reports with a message that quotes the string or
 * lets through as invalid UTF-8 (for GTK, D-Bus and GVariant to trip over
 * later). No string of the API needs any of them. */
static const char *
describe_bad_escape (const char *data,
                     gsize       len,
                     gsize       i,
                     gsize      *skip)
{
  int value = read_unicode_escape (data + i + 1, len - i - 1);
  int low = -1;

  *skip = 4;

  if (value < 0)
    return "a \\u escape without four hex digits";

  if (value == 0)
    return "an escaped NUL";

  if (value < 0xd800 || value > 0xdfff)
    return NULL;

  /* A high surrogate must be followed at once by a low one. */
  if (value <= 0xdbff && len - i > 6 && data[i + 5] == '\\' && data[i + 6] == 'u')
    low = read_unicode_escape (data + i + 7, len - i - 7);

  if (low < 0xdc00 || low > 0xdfff)
    return "an unpaired surrogate escape";

  /* Past "uXXXX\uXXXX". */
  *skip = 10;

  return NULL;
}

/* Refuses, before json-glib 1.6 sees it, what it mishandles and no JSON the
 * app or the service reads needs: several top-level values (it takes the first and leaks the
 * others); comments and single-quoted strings, which it accepts (refused so
 * that the brackets counted here are the ones it parses); the escapes
 * describe_bad_escape() lists; nesting deeper than @max_depth (its parser
 * recurses). Unbalanced input is left for the parser to reject. @problem,
 * when given, is set to what was refused and where. */
RtJsonCheck
rt_json_check_text (const char  *data,
                    gsize        len,
                    int          max_depth,
                    char       **problem)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  gboolean started = FALSE;
  gboolean ended = FALSE;
  int depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];
      gboolean top = depth == 0;

      if (in_string)
        {
          if (escaped)
            {
              const char *escape;
              gsize skip;

              escaped = FALSE;

              if (c != 'u')
                continue;

              if ((escape = describe_bad_escape (data, len, i, &skip)) != NULL)
                {
                  set_problem (problem, g_strdup_printf ("a string holds %s at byte %" G_GSIZE_FORMAT,
                                                          escape, i - 1));
                  return RT_JSON_CHECK_MALFORMED;
                }

              i += skip;
            }
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            {
              in_string = FALSE;
              ended = top;
            }
        }
      else if (c == '\'' || c == '/')
        {
          set_problem (problem, g_strdup_printf ("a comment or a single-quoted string at byte %"
                                                  G_GSIZE_FORMAT, i));
          return RT_JSON_CHECK_MALFORMED;
        }
      else if (top && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
        ended = started;
      /* A second value: after the first has ended, or right after a number
       * or bareword ("1[]"). */
      else if (top && (ended || (started && (c == '{' || c == '[' || c == '"'))))
        {
          set_problem (problem, g_strdup_printf ("a second value at byte %" G_GSIZE_FORMAT, i));
          return RT_JSON_CHECK_MALFORMED;
        }
      else
        {
          started = TRUE;

          if (c == '"')
            in_string = TRUE;
          else if ((c == '{' || c == '[') && ++depth > max_depth)
            {
              set_problem (problem, g_strdup_printf ("nested deeper than %d levels at byte %"
                                                      G_GSIZE_FORMAT, max_depth, i));
              return RT_JSON_CHECK_TOO_DEEP;
            }
          else if ((c == '}' || c == ']') && --depth == 0)
            ended = TRUE;
        }
    }

  return RT_JSON_CHECK_OK;
}
