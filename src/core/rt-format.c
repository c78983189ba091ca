/* rt-format.c: dates and relative dates as the token table shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-format.h"

static char *
format_day (GDateTime *date_time)
{
  /* Translators: how the token table shows a date, in the codes of
   * g_date_time_format() (see https://docs.gtk.org/glib/method.DateTime.format.html);
   * "%b %-d, %Y" shows "Nov 18, 2026". */
  /* xgettext:no-c-format */
  return g_date_time_format (date_time, C_("table date", "%b %-d, %Y"));
}

/**
 * rt_format_date:
 * @date: a valid calendar date
 *
 * Returns: (transfer full): @date in the current locale, e.g. "Nov 18, 2026"
 */
char *
rt_format_date (const GDate *date)
{
  g_autoptr(GDateTime) date_time = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  date_time = g_date_time_new_utc (g_date_get_year (date),
                                   g_date_get_month (date),
                                   g_date_get_day (date),
                                   0, 0, 0);

  return format_day (date_time);
}

/**
 * rt_format_date_time:
 * @date_time: a point in time
 * @time_zone: where the user is
 *
 * Returns: (transfer full): the day @date_time falls on in @time_zone, as
 *   rt_format_date() shows it
 */
char *
rt_format_date_time (GDateTime *date_time,
                     GTimeZone *time_zone)
{
  g_autoptr(GDateTime) there = NULL;

  g_return_val_if_fail (date_time != NULL, NULL);
  g_return_val_if_fail (time_zone != NULL, NULL);

  there = g_date_time_to_timezone (date_time, time_zone);

  return format_day (there);
}

/**
 * rt_format_relative_days:
 * @days: days from today, negative in the past
 *
 * Returns: (transfer full): "today", "in 12 days", "3 months ago"…
 */
char *
rt_format_relative_days (int days)
{
  guint n = days < 0 ? -(guint) days : (guint) days;

  if (days == 0)
    return g_strdup (C_("relative date", "today"));
  if (days == 1)
    return g_strdup (C_("relative date", "tomorrow"));
  if (days == -1)
    return g_strdup (C_("relative date", "yesterday"));

  if (n < 45)
    {
      if (days > 0)
        return g_strdup_printf (ngettext ("in %u day", "in %u days", n), n);
      return g_strdup_printf (ngettext ("%u day ago", "%u days ago", n), n);
    }

  if (n < 365)
    {
      guint months = (guint) ((n + 15) / 30.4375);

      if (days > 0)
        return g_strdup_printf (ngettext ("in %u month", "in %u months", months), months);
      return g_strdup_printf (ngettext ("%u month ago", "%u months ago", months), months);
    }

  {
    guint years = (guint) ((n + 182) / 365.25);

    if (days > 0)
      return g_strdup_printf (ngettext ("in %u year", "in %u years", years), years);
    return g_strdup_printf (ngettext ("%u year ago", "%u years ago", years), years);
  }
}

static GDate *
day_in (GDateTime *date_time,
        GTimeZone *time_zone)
{
  g_autoptr(GDateTime) there = g_date_time_to_timezone (date_time, time_zone);

  return g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (there),
                         (GDateMonth) g_date_time_get_month (there),
                         (GDateYear) g_date_time_get_year (there));
}

/**
 * rt_format_days_between:
 * @from: a point in time
 * @to: another one
 * @time_zone: where the days are counted
 *
 * Counts calendar days, not periods of 24 hours: across a change to or
 * from daylight saving time a day is 23 or 25 hours long.
 *
 * Returns: the days from the day of @from to the day of @to in @time_zone,
 *   negative when @to is earlier
 */
int
rt_format_days_between (GDateTime *from,
                        GDateTime *to,
                        GTimeZone *time_zone)
{
  g_autoptr(GDate) from_day = NULL;
  g_autoptr(GDate) to_day = NULL;

  g_return_val_if_fail (from != NULL, 0);
  g_return_val_if_fail (to != NULL, 0);
  g_return_val_if_fail (time_zone != NULL, 0);

  from_day = day_in (from, time_zone);
  to_day = day_in (to, time_zone);

  return g_date_days_between (from_day, to_day);
}

/**
 * rt_format_relative_date_time:
 * @date_time: a point in time
 * @now: the current time (rt_clock_now_utc())
 * @time_zone: where the user is
 *
 * Returns: (transfer full): when @date_time was or will be, in whole
 *   calendar days from @now in @time_zone, as rt_format_relative_days()
 */
char *
rt_format_relative_date_time (GDateTime *date_time,
                              GDateTime *now,
                              GTimeZone *time_zone)
{
  g_return_val_if_fail (date_time != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (time_zone != NULL, NULL);

  return rt_format_relative_days (rt_format_days_between (now, date_time, time_zone));
}

/**
 * rt_format_time_ago:
 * @date_time: a point in time, usually in the past
 * @now: the current time (rt_clock_now_utc())
 * @time_zone: where the user is
 *
 * Within the last minute (or a little in the future, a clock ahead of
 * ours) is "just now"; within the last hour, minutes; on the same day or
 * within the last 12 hours, hours; before that, whole calendar days as
 * rt_format_relative_days() says them ("yesterday", "3 days ago").
 *
 * Returns: (transfer full): how long ago @date_time was
 */
char *
rt_format_time_ago (GDateTime *date_time,
                    GDateTime *now,
                    GTimeZone *time_zone)
{
  GTimeSpan ago;
  int days;

  g_return_val_if_fail (date_time != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (time_zone != NULL, NULL);

  ago = g_date_time_difference (now, date_time);
  days = rt_format_days_between (now, date_time, time_zone);

  if (ago < G_TIME_SPAN_MINUTE)
    {
      if (ago < -G_TIME_SPAN_MINUTE)
        return rt_format_relative_days (days);
      return g_strdup (C_("relative time", "just now"));
    }

  if (ago < G_TIME_SPAN_HOUR)
    {
      guint minutes = (guint) (ago / G_TIME_SPAN_MINUTE);

      return g_strdup_printf (ngettext ("%u minute ago", "%u minutes ago", minutes), minutes);
    }

  if (days == 0 || ago < 12 * G_TIME_SPAN_HOUR)
    {
      guint hours = (guint) (ago / G_TIME_SPAN_HOUR);

      return g_strdup_printf (ngettext ("%u hour ago", "%u hours ago", hours), hours);
    }

  return rt_format_relative_days (days);
}

/**
 * rt_format_exact_date_time:
 * @date_time: a point in time
 * @time_zone: where the user is
 *
 * Returns: (transfer full): the day and the time of day of @date_time in
 *   @time_zone, e.g. "Nov 18, 2026, 14:05"
 */
char *
rt_format_exact_date_time (GDateTime *date_time,
                           GTimeZone *time_zone)
{
  g_autoptr(GDateTime) there = NULL;

  g_return_val_if_fail (date_time != NULL, NULL);
  g_return_val_if_fail (time_zone != NULL, NULL);

  there = g_date_time_to_timezone (date_time, time_zone);

  /* Translators: a date with the time of day, in the codes of
   * g_date_time_format(); "%b %-d, %Y, %H:%M" shows "Nov 18, 2026, 14:05". */
  /* xgettext:no-c-format */
  return g_date_time_format (there, C_("table date and time", "%b %-d, %Y, %H:%M"));
}
