/* test-format.c: the table's dates and relative dates, over locales and time zones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "rt-format.h"

static GDateTime *
parse (const char *iso8601)
{
  GDateTime *date_time = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (date_time);

  return date_time;
}

/* Skips the test, and says why, when @locale is not installed. */
static gboolean
use_locale (const char *locale)
{
  if (setlocale (LC_ALL, locale) != NULL)
    return TRUE;

  g_test_skip ("locale not installed (Debian: locales-all)");
  g_test_message ("Locale %s is not installed", locale);
  setlocale (LC_ALL, "C.UTF-8");

  return FALSE;
}

/* Skips the test when the system has no tzdata for @identifier. */
static GTimeZone *
get_time_zone (const char *identifier)
{
  GTimeZone *time_zone = g_time_zone_new_identifier (identifier);

  if (time_zone == NULL)
    {
      g_test_skip ("time zone not installed (Debian: tzdata)");
      g_test_message ("Time zone %s is not installed", identifier);
    }

  return time_zone;
}

static void
test_relative_days (void)
{
  static const struct {
    int         days;
    const char *text;
  } cases[] = {
    { 0, "today" },
    { 1, "tomorrow" },
    { -1, "yesterday" },
    { 2, "in 2 days" },
    { -2, "2 days ago" },
    { 44, "in 44 days" },
    { -44, "44 days ago" },
    { 45, "in 1 month" },
    { 90, "in 3 months" },
    { -100, "3 months ago" },
    { 364, "in 12 months" },
    { 365, "in 1 year" },
    { -800, "2 years ago" },
    { G_MININT, "5879490 years ago" },
  };

  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rt_format_relative_days (cases[i].days);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Last Used: minutes and hours on the day, calendar days before it. */
static void
test_time_ago (void)
{
  static const struct {
    const char *when;
    const char *text;
  } cases[] = {
    { "2026-03-18T12:00:30Z", "just now" },       /* a clock a little ahead */
    { "2026-03-18T12:00:00Z", "just now" },
    { "2026-03-18T11:59:01Z", "just now" },
    { "2026-03-18T11:59:00Z", "1 minute ago" },
    { "2026-03-18T11:01:00Z", "59 minutes ago" },
    { "2026-03-18T11:00:00Z", "1 hour ago" },
    { "2026-03-18T10:00:00Z", "2 hours ago" },
    { "2026-03-18T00:00:00Z", "12 hours ago" },
    { "2026-03-17T23:30:00Z", "yesterday" },
    { "2026-03-17T20:00:00Z", "yesterday" },
    { "2026-03-16T13:00:00Z", "2 days ago" },
    { "2025-11-18T12:00:00Z", "4 months ago" },
    { "2026-03-20T12:00:00Z", "in 2 days" },      /* far ahead: say so */
  };
  g_autoptr(GDateTime) now = parse ("2026-03-18T12:00:00Z");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) when = parse (cases[i].when);
      g_autofree char *text = rt_format_time_ago (when, now, utc);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The tooltip: the exact time, in the user's time zone. */
static void
test_exact_date_time (void)
{
  g_autoptr(GDateTime) when = parse ("2026-03-18T23:05:09Z");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) berlin = get_time_zone ("Europe/Berlin");
  g_autofree char *in_utc = NULL;
  g_autofree char *in_berlin = NULL;

  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  in_utc = rt_format_exact_date_time (when, utc);
  g_assert_cmpstr (in_utc, ==, "Mar 18, 2026, 23:05");

  if (berlin == NULL)
    return;
  in_berlin = rt_format_exact_date_time (when, berlin);
  g_assert_cmpstr (in_berlin, ==, "Mar 19, 2026, 00:05");
}

typedef struct
{
  const char *locale;
  const char *date;          /* 2026-03-18 */
  const char *today;
  const char *in_12_days;
  const char *months_ago;    /* -100 days */
  const char *one_year;      /* 365 days */
} LocaleCase;

static const LocaleCase locale_cases[] = {
  { "C.UTF-8", "Mar 18, 2026", "today", "in 12 days", "3 months ago", "in 1 year" },
  { "en_US.UTF-8", "Mar 18, 2026", "today", "in 12 days", "3 months ago", "in 1 year" },
  /* From po/de.po, built beside the tests. */
  { "de_DE.UTF-8", "18. Mär 2026", "heute", "in 12 Tagen", "vor 3 Monaten", "in 1 Jahr" },
};

static void
test_locale (gconstpointer data)
{
  const LocaleCase *c = data;
  g_autoptr(GDate) date = g_date_new_dmy (18, G_DATE_MARCH, 2026);
  g_autoptr(GDateTime) noon = parse ("2026-03-18T12:00:00Z");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *date_text = NULL;
  g_autofree char *date_time_text = NULL;
  g_autofree char *today = NULL;
  g_autofree char *in_12_days = NULL;
  g_autofree char *months_ago = NULL;
  g_autofree char *one_year = NULL;

  if (!use_locale (c->locale))
    return;

  date_text = rt_format_date (date);
  date_time_text = rt_format_date_time (noon, utc);
  today = rt_format_relative_days (0);
  in_12_days = rt_format_relative_days (12);
  months_ago = rt_format_relative_days (-100);
  one_year = rt_format_relative_days (365);

  setlocale (LC_ALL, "C.UTF-8");

  g_assert_cmpstr (date_text, ==, c->date);
  g_assert_cmpstr (date_time_text, ==, c->date);
  g_assert_cmpstr (today, ==, c->today);
  g_assert_cmpstr (in_12_days, ==, c->in_12_days);
  g_assert_cmpstr (months_ago, ==, c->months_ago);
  g_assert_cmpstr (one_year, ==, c->one_year);
}

/* The day an instant falls on, and days between instants, depend on where
 * the user is. */
static void
test_time_zones (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) india = g_time_zone_new_offset (5 * 3600 + 30 * 60);
  g_autoptr(GTimeZone) pacific = g_time_zone_new_offset (-8 * 3600);
  static const struct {
    const char *instant;
    const char *utc;
    const char *india;
    const char *pacific;
  } days[] = {
    { "2026-11-18T20:00:00Z", "Nov 18, 2026", "Nov 19, 2026", "Nov 18, 2026" },
    { "2026-11-18T03:00:00Z", "Nov 18, 2026", "Nov 18, 2026", "Nov 17, 2026" },
    { "2026-12-31T23:30:00Z", "Dec 31, 2026", "Jan 1, 2027", "Dec 31, 2026" },
    { "2027-01-01T05:00:00Z", "Jan 1, 2027", "Jan 1, 2027", "Dec 31, 2026" },
  };
  static const struct {
    const char *date_time;
    const char *now;
    const char *utc;
    const char *india;
    const char *pacific;
  } relative[] = {
    /* Six hours apart, across midnight in UTC only. */
    { "2026-11-18T20:00:00Z", "2026-11-19T02:00:00Z", "yesterday", "today", "today" },
    /* Two hours apart, across midnight in India only. */
    { "2026-11-18T17:30:00Z", "2026-11-18T19:30:00Z", "today", "yesterday", "today" },
    /* In the future, across midnight on the Pacific coast only. */
    { "2026-11-19T09:00:00Z", "2026-11-19T07:00:00Z", "today", "today", "tomorrow" },
    { "2026-12-01T00:00:00Z", "2026-11-19T12:00:00Z", "in 12 days", "in 12 days", "in 11 days" },
  };

  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(GDateTime) instant = parse (days[i].instant);
      g_autofree char *in_utc = rt_format_date_time (instant, utc);
      g_autofree char *in_india = rt_format_date_time (instant, india);
      g_autofree char *in_pacific = rt_format_date_time (instant, pacific);

      g_assert_cmpstr (in_utc, ==, days[i].utc);
      g_assert_cmpstr (in_india, ==, days[i].india);
      g_assert_cmpstr (in_pacific, ==, days[i].pacific);
    }

  for (guint i = 0; i < G_N_ELEMENTS (relative); i++)
    {
      g_autoptr(GDateTime) date_time = parse (relative[i].date_time);
      g_autoptr(GDateTime) now = parse (relative[i].now);
      g_autofree char *in_utc = rt_format_relative_date_time (date_time, now, utc);
      g_autofree char *in_india = rt_format_relative_date_time (date_time, now, india);
      g_autofree char *in_pacific = rt_format_relative_date_time (date_time, now, pacific);

      g_assert_cmpstr (in_utc, ==, relative[i].utc);
      g_assert_cmpstr (in_india, ==, relative[i].india);
      g_assert_cmpstr (in_pacific, ==, relative[i].pacific);
    }
}

/* Calendar days, not periods of 24 hours: a day is 23 or 25 hours long
 * where the clocks change. */
static void
test_dst (void)
{
  g_autoptr(GTimeZone) berlin = get_time_zone ("Europe/Berlin");
  g_autoptr(GTimeZone) new_york = NULL;
  g_autoptr(GDateTime) spring_before = parse ("2026-03-28T23:30:00+01:00");
  g_autoptr(GDateTime) spring_after = parse ("2026-03-29T23:00:00+02:00");
  g_autoptr(GDateTime) autumn_before = parse ("2026-10-25T00:30:00+02:00");
  g_autoptr(GDateTime) autumn_after = parse ("2026-10-25T23:45:00+01:00");
  g_autoptr(GDateTime) ny_before = parse ("2026-03-08T00:30:00-05:00");
  g_autoptr(GDateTime) ny_after = parse ("2026-03-08T23:45:00-04:00");
  g_autofree char *spring = NULL;
  g_autofree char *autumn = NULL;
  g_autofree char *ny = NULL;
  g_autofree char *ny_day = NULL;

  if (berlin == NULL)
    return;
  new_york = get_time_zone ("America/New_York");
  if (new_york == NULL)
    return;

  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  /* 22.5 hours, but the day before. */
  g_assert_cmpint (g_date_time_difference (spring_after, spring_before), <, G_TIME_SPAN_DAY);
  g_assert_cmpint (rt_format_days_between (spring_before, spring_after, berlin), ==, 1);
  spring = rt_format_relative_date_time (spring_before, spring_after, berlin);
  g_assert_cmpstr (spring, ==, "yesterday");

  /* 24.25 hours, but the same day. */
  g_assert_cmpint (g_date_time_difference (autumn_after, autumn_before), >, G_TIME_SPAN_DAY);
  g_assert_cmpint (rt_format_days_between (autumn_before, autumn_after, berlin), ==, 0);
  autumn = rt_format_relative_date_time (autumn_before, autumn_after, berlin);
  g_assert_cmpstr (autumn, ==, "today");

  /* A negative offset: 22.25 hours on the day the clocks go forward. */
  g_assert_cmpint (rt_format_days_between (ny_after, ny_before, new_york), ==, 0);
  ny = rt_format_relative_date_time (ny_after, ny_before, new_york);
  g_assert_cmpstr (ny, ==, "today");
  ny_day = rt_format_date_time (ny_after, new_york);
  g_assert_cmpstr (ny_day, ==, "Mar 8, 2026");
}

/* A calendar date is the same day wherever the user is. */
static void
test_date (void)
{
  g_autoptr(GDate) leap = g_date_new_dmy (29, G_DATE_FEBRUARY, 2028);
  g_autoptr(GDate) first = g_date_new_dmy (1, G_DATE_JANUARY, 2027);
  g_autofree char *leap_text = NULL;
  g_autofree char *first_text = NULL;

  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  leap_text = rt_format_date (leap);
  first_text = rt_format_date (first);
  g_assert_cmpstr (leap_text, ==, "Feb 29, 2028");
  g_assert_cmpstr (first_text, ==, "Jan 1, 2027");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  /* LANGUAGE would override the locale each test sets. */
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  localedir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/format/relative-days", test_relative_days);
  for (guint i = 0; i < G_N_ELEMENTS (locale_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/format/locale/%s", locale_cases[i].locale);

      g_test_add_data_func (path, &locale_cases[i], test_locale);
    }
  g_test_add_func ("/format/time-zones", test_time_zones);
  g_test_add_func ("/format/dst", test_dst);
  g_test_add_func ("/format/date", test_date);
  g_test_add_func ("/format/time-ago", test_time_ago);
  g_test_add_func ("/format/exact-date-time", test_exact_date_time);

  return g_test_run ();
}
