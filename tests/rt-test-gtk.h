/* rt-test-gtk.h: reading what widgets show, for the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void rt_test_collect_action_rows (GtkWidget *widget,
                                  GString   *out);

G_END_DECLS
