/* rt-clock.c: the app's notion of "now" and "today", fixed by RT_FAKE_NOW in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-clock.h"

/**
 * rt_clock_now_utc:
 *
 * The current time in UTC. When the environment variable `RT_FAKE_NOW` holds
 * an RFC 3339 date-time with a time zone (tests set it), that time instead.
 * It is read on every call, so a test may move the clock between checks.
 *
 * Returns: (transfer full): the current time, in UTC
 */
GDateTime *
rt_clock_now_utc (void)
{
  const char *fake = g_getenv ("RT_FAKE_NOW");

  if (fake != NULL && *fake != '\0')
    {
      g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (fake, NULL);

      if (parsed != NULL)
        return g_date_time_to_utc (parsed);

      g_warning ("Ignoring RT_FAKE_NOW: not an RFC 3339 date-time with a time zone");
    }

  return g_date_time_new_now_utc ();
}

/**
 * rt_clock_today:
 *
 * Today's date in UTC, the day the API uses to decide whether a subscription
 * is still active (it is while its end date is today or later).
 *
 * Returns: (transfer full): today's date; free with g_date_free()
 */
GDate *
rt_clock_today (void)
{
  g_autoptr(GDateTime) now = rt_clock_now_utc ();

  return g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (now),
                         (GDateMonth) g_date_time_get_month (now),
                         (GDateYear) g_date_time_get_year (now));
}

/**
 * rt_clock_seconds_until_next_day:
 *
 * How long until rt_clock_today() changes, rounded up to a whole second, for
 * a timeout that refreshes day-dependent state at midnight (UTC).
 *
 * Returns: seconds until the next UTC midnight, at least 1
 */
guint
rt_clock_seconds_until_next_day (void)
{
  g_autoptr(GDateTime) now = rt_clock_now_utc ();
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  GTimeSpan span;

  midnight = g_date_time_new_utc (g_date_time_get_year (now),
                                  g_date_time_get_month (now),
                                  g_date_time_get_day_of_month (now),
                                  0, 0, 0);
  tomorrow = g_date_time_add_days (midnight, 1);
  span = g_date_time_difference (tomorrow, now);

  return (guint) MAX (1, (span + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND);
}
