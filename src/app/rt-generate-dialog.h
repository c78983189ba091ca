/* rt-generate-dialog.h: asks for a new token's name (and owner) and creates it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rt-account.h"
#include "rt-client.h"

G_BEGIN_DECLS

#define RT_TYPE_GENERATE_DIALOG (rt_generate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RtGenerateDialog, rt_generate_dialog, RT, GENERATE_DIALOG, AdwWindow)

RtGenerateDialog *rt_generate_dialog_new         (GtkWindow        *parent,
                                                  RtClient         *client,
                                                  RtAccount        *account,
                                                  GListModel       *tokens);
const char       *rt_generate_dialog_get_name    (RtGenerateDialog *self);
void              rt_generate_dialog_set_name    (RtGenerateDialog *self,
                                                  const char       *name);
/* The reason the name can't be used, as shown under the entry, or NULL. */
const char       *rt_generate_dialog_get_problem (RtGenerateDialog *self);
gboolean          rt_generate_dialog_get_busy    (RtGenerateDialog *self);

G_END_DECLS
