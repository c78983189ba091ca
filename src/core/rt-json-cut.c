/* rt-json-cut.c: a token page cut into its tokens, without parsing them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-json-private.h"

/* Only strings and brackets are looked at: rt_json_parse_token_page()
 * parses the pieces, and what this cannot vouch for is parsed whole. */

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;

  return p;
}

/* Past the string whose opening quote is at @p, or NULL; @escaped tells
 * whether it holds a backslash. */
static const char *
skip_string (const char *p,
             const char *end,
             gboolean   *escaped)
{
  *escaped = FALSE;

  for (p++; p < end; p++)
    {
      if (*p == '\\')
        {
          *escaped = TRUE;
          p++;
        }
      else if (*p == '"')
        return p + 1;
    }

  return NULL;
}

/* Past the value at @p, or NULL. Containers are matched by their brackets
 * only: json-glib checks what is inside. */
static const char *
skip_value (const char *p,
            const char *end)
{
  gboolean escaped;
  int depth = 0;

  if (p >= end)
    return NULL;

  if (*p == '"')
    return skip_string (p, end, &escaped);

  if (*p != '{' && *p != '[')
    {
      const char *start = p;

      while (p < end && strchr (",}] \t\n\r", *p) == NULL)
        p++;
      return p > start ? p : NULL;
    }

  for (; p < end; p++)
    {
      if (*p == '"')
        {
          if ((p = skip_string (p, end, &escaped)) == NULL)
            return NULL;
          p--;
        }
      else if (*p == '{' || *p == '[')
        depth++;
      else if ((*p == '}' || *p == ']') && --depth == 0)
        return p + 1;
    }

  return NULL;
}

/**
 * rt_json_cut_token_page:
 * @cut: @data and @end set, and an empty @elements
 *
 * Finds the tokens array of a page and its elements, without parsing them.
 *
 * Returns: %FALSE when the text is not plainly a page
 */
gboolean
rt_json_cut_token_page (RtJsonPageCut *cut)
{
  const char *p = skip_space (cut->data, cut->end);
  const char *end = cut->end;

  if (p == end || *p != '{')
    return FALSE;
  p = skip_space (p + 1, end);

  while (p < end && *p != '}')
    {
      const char *name = p;
      const char *name_end;
      const char *value;
      gboolean escaped;

      if (*p != '"' || (name_end = skip_string (p, end, &escaped)) == NULL || escaped)
        return FALSE;
      p = name_end;

      p = skip_space (p, end);
      if (p == end || *p != ':')
        return FALSE;
      value = skip_space (p + 1, end);
      if ((p = skip_value (value, end)) == NULL)
        return FALSE;

      if (name_end - name == 8 && memcmp (name, "\"tokens\"", 8) == 0)
        {
          if (cut->tokens_start != NULL || *value != '[')
            return FALSE;
          cut->tokens_start = value;
          cut->tokens_end = p;
        }

      p = skip_space (p, end);
      if (p < end && *p == ',')
        p = skip_space (p + 1, end);
      else if (p == end || *p != '}')
        return FALSE;
    }

  if (p == end || skip_space (p + 1, end) != end || cut->tokens_start == NULL)
    return FALSE;

  /* The elements of the array, each between commas. */
  p = skip_space (cut->tokens_start + 1, end);
  if (*p == ']')
    return TRUE;

  for (;;)
    {
      const char *element = p;

      if ((p = skip_value (element, cut->tokens_end)) == NULL)
        return FALSE;
      g_array_append_val (cut->elements, element);
      g_array_append_val (cut->elements, p);

      p = skip_space (p, cut->tokens_end);
      if (p < cut->tokens_end && *p == ',')
        p = skip_space (p + 1, cut->tokens_end);
      else if (p == cut->tokens_end - 1 && *p == ']')
        return TRUE;
      else
        return FALSE;
    }
}
