/* rt-format.h: dates and relative dates as the token table shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *rt_format_date                (const GDate *date);
char *rt_format_date_time           (GDateTime   *date_time,
                                     GTimeZone   *time_zone);
char *rt_format_relative_days       (int          days);
int   rt_format_days_between        (GDateTime   *from,
                                     GDateTime   *to,
                                     GTimeZone   *time_zone);
char *rt_format_relative_date_time  (GDateTime   *date_time,
                                     GDateTime   *now,
                                     GTimeZone   *time_zone);
char *rt_format_time_ago            (GDateTime   *date_time,
                                     GDateTime   *now,
                                     GTimeZone   *time_zone);
char *rt_format_exact_date_time     (GDateTime   *date_time,
                                     GTimeZone   *time_zone);

G_END_DECLS
