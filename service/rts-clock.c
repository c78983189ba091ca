/* rts-clock.c: the service's notion of "now", fixed by --now in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rts-clock.h"

/* Set once at start-up, before the main loop runs, and read-only after. */
static GDateTime *fixed_now;

void
rts_clock_set_fixed (GDateTime *now)
{
  g_clear_pointer (&fixed_now, g_date_time_unref);
  if (now != NULL)
    fixed_now = g_date_time_to_utc (now);
}

GDateTime *
rts_clock_now (void)
{
  if (fixed_now != NULL)
    return g_date_time_ref (fixed_now);

  return g_date_time_new_now_utc ();
}

char *
rts_format_date (GDateTime *datetime)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (datetime);

  return g_date_time_format (utc, "%Y-%m-%d");
}

char *
rts_format_timestamp (GDateTime *datetime)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (datetime);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
rts_clock_today (void)
{
  g_autoptr(GDateTime) now = rts_clock_now ();

  return rts_format_date (now);
}

char *
rts_clock_timestamp (void)
{
  g_autoptr(GDateTime) now = rts_clock_now ();

  return rts_format_timestamp (now);
}

/* Checks text against a pattern where 'd' is a digit and anything else must
 * match literally. */
static gboolean
matches_pattern (const char *text,
                 const char *pattern)
{
  if (strlen (text) != strlen (pattern))
    return FALSE;

  for (gsize i = 0; pattern[i] != '\0'; i++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
        return FALSE;
    }

  return TRUE;
}

gboolean
rts_is_valid_date (const char *text)
{
  guint year, month, day;

  if (text == NULL || !matches_pattern (text, "dddd-dd-dd"))
    return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

gboolean
rts_is_valid_timestamp (const char *text)
{
  g_autofree char *date = NULL;

  if (text == NULL || !matches_pattern (text, "dddd-dd-ddTdd:dd:ddZ"))
    return FALSE;

  date = g_strndup (text, 10);

  return rts_is_valid_date (date);
}
