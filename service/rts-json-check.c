/* rts-json-check.c: checks on request-body JSON that json-glib 1.6 lets through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rts-json-check.h"


/* Appends the decoded text of the JSON string whose body (quotes
 * excluded) is text[0, length); escapes the text does not close are kept
 * as they are, which still tells different names apart. */
static void
append_json_string (GString    *out,
                    const char *text,
                    gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      gunichar c;

      if (text[i] != '\\' || i + 1 >= length)
        {
          g_string_append_c (out, text[i]);
          continue;
        }

      switch (text[++i])
        {
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          if (i + 4 < length &&
              g_ascii_isxdigit (text[i + 1]) && g_ascii_isxdigit (text[i + 2]) &&
              g_ascii_isxdigit (text[i + 3]) && g_ascii_isxdigit (text[i + 4]))
            {
              c = (g_ascii_xdigit_value (text[i + 1]) << 12) |
                  (g_ascii_xdigit_value (text[i + 2]) << 8) |
                  (g_ascii_xdigit_value (text[i + 3]) << 4) |
                  g_ascii_xdigit_value (text[i + 4]);
              /* Surrogates stay escaped: a pair then compares as itself. */
              if (c >= 0xd800 && c <= 0xdfff)
                g_string_append_len (out, text + i - 1, 6);
              else
                g_string_append_unichar (out, c);
              i += 4;
            }
          else
            g_string_append_c (out, 'u');
          break;
        default:
          g_string_append_c (out, text[i]);
          break;
        }
    }
}

static void
names_free (gpointer names)
{
  if (names != NULL)
    g_hash_table_unref (names);
}

/* Checks what json-glib lets through: nesting deeper than RTS_JSON_MAX_DEPTH,
 * an escaped NUL, and a member name repeated in one object (json-glib
 * keeps the last).
 * Malformed text passes; the parser reports it. Returns the detail of a
 * 400, or NULL. */
const char *
rts_json_check_structure (const char *text,
                          gsize       length)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (names_free);
  gboolean expect_name = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      GHashTable *names;

      switch (text[i])
        {
        case '{':
        case '[':
          if (stack->len >= RTS_JSON_MAX_DEPTH)
            return "The request body nests deeper than 32 levels.";
          /* An object's names so far; NULL for an array. */
          if (text[i] == '{')
            g_ptr_array_add (stack, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
          else
            g_ptr_array_add (stack, NULL);
          expect_name = text[i] == '{';
          break;

        case '}':
        case ']':
          if (stack->len == 0)
            return NULL;
          g_ptr_array_remove_index (stack, stack->len - 1);
          expect_name = FALSE;
          break;

        case ',':
          expect_name = stack->len > 0 && g_ptr_array_index (stack, stack->len - 1) != NULL;
          break;

        case ':':
          expect_name = FALSE;
          break;

        case '"':
          {
            gsize start = ++i;
            g_autoptr(GString) name = NULL;

            /* An escaped NUL would end the C string json-glib hands out,
             * cutting "tok\u0000x" to "tok". */
            while (i < length && text[i] != '"')
              {
                if (text[i] == '\\' && length - i >= 6 && strncmp (text + i + 1, "u0000", 5) == 0)
                  return "The request body holds an escaped NUL character.";
                i += text[i] == '\\' ? 2 : 1;
              }
            if (i >= length)
              return NULL;

            if (!expect_name || stack->len == 0 ||
                !(names = g_ptr_array_index (stack, stack->len - 1)))
              break;

            name = g_string_new (NULL);
            append_json_string (name, text + start, i - start);
            if (g_hash_table_contains (names, name->str))
              return "The request body repeats a member name in one object.";
            g_hash_table_add (names, g_string_free (g_steal_pointer (&name), FALSE));
          }
          break;

        default:
          break;
        }
    }

  return NULL;
}
