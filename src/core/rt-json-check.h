/* rt-json-check.h: what json-glib 1.6 must not be given, found before it is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  RT_JSON_CHECK_OK,
  RT_JSON_CHECK_MALFORMED,
  RT_JSON_CHECK_TOO_DEEP,
} RtJsonCheck;

RtJsonCheck rt_json_check_text (const char  *data,
                                gsize        len,
                                int          max_depth,
                                char       **problem);

G_END_DECLS
