/* rt-csv.h: comma-separated values as RFC 4180 writes them, safe to open in a spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void rt_csv_append_cell   (GString            *csv,
                           const char         *cell);
void rt_csv_append_record (GString            *csv,
                           const char * const *cells);

G_END_DECLS
