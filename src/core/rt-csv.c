/* rt-csv.c: comma-separated values as RFC 4180 writes them, safe to open in a spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-csv.h"

/* A spreadsheet takes a cell that starts with one of these for a formula
 * (OWASP, "CSV Injection"): a single quote before it makes it text. */
static gboolean
starts_like_formula (const char *cell)
{
  return cell[0] != '\0' && strchr ("=+-@\t\r", cell[0]) != NULL;
}

/**
 * rt_csv_append_cell:
 * @csv: the text so far
 * @cell: (nullable): the cell's text; %NULL is an empty cell
 *
 * Appends one field: quoted, with its quotes doubled, if it holds a comma,
 * a quote or a line break; prefixed with a single quote if a spreadsheet
 * would read it as a formula.
 */
void
rt_csv_append_cell (GString    *csv,
                    const char *cell)
{
  gboolean quote;

  g_return_if_fail (csv != NULL);

  if (cell == NULL)
    return;

  quote = strpbrk (cell, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (csv, '"');
  if (starts_like_formula (cell))
    g_string_append_c (csv, '\'');

  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }

  if (quote)
    g_string_append_c (csv, '"');
}

/**
 * rt_csv_append_record:
 * @csv: the text so far
 * @cells: (array zero-terminated=1): the record's fields
 *
 * Appends one record, its fields separated by commas and ended by CRLF.
 */
void
rt_csv_append_record (GString            *csv,
                      const char * const *cells)
{
  g_return_if_fail (csv != NULL);
  g_return_if_fail (cells != NULL);

  for (gsize i = 0; cells[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (csv, ',');
      rt_csv_append_cell (csv, cells[i]);
    }

  g_string_append (csv, "\r\n");
}
