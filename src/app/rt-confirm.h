/* rt-confirm.h: the confirmation asked before a destructive step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The response ids of the dialogs rt_confirm_new() makes. */
#define RT_CONFIRM_RESPONSE_CANCEL  "cancel"
#define RT_CONFIRM_RESPONSE_CONFIRM "confirm"

AdwMessageDialog *rt_confirm_new (GtkWindow  *parent,
                                  const char *heading,
                                  const char *body,
                                  const char *cancel_label,
                                  const char *confirm_label);

void              rt_confirm_name_responses (AdwMessageDialog *dialog);

G_END_DECLS
