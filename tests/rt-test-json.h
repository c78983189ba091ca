/* rt-test-json.h: fixture files and assertions for the JSON parser tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rt-json.h"

G_BEGIN_DECLS

/* g_test_init(), with a fixed "today" for the derived properties of parsed
 * tokens, and untranslated messages. */
void rt_test_json_init (int    *argc,
                        char ***argv);

GBytes *load_fixture (const char *name);

GBytes *bytes_from_string (const char *text);

/* Asserts @error is @code and that its message starts with the field path. */
void assert_json_error (const GError *error,
                        RtJsonError   code,
                        const char   *path);

void assert_date_time (GDateTime  *actual,
                       const char *expected);

void assert_date (const GDate *actual,
                  int          year,
                  int          month,
                  int          day);

void assert_product (GListModel *products,
                     guint       position,
                     const char *id,
                     const char *name,
                     const char *version);

G_END_DECLS
