/* rt-secret.h: a reference-counted buffer for a secret that is wiped when freed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RT_TYPE_SECRET (rt_secret_get_type ())

typedef struct _RtSecret RtSecret;

GType        rt_secret_get_type  (void) G_GNUC_CONST;
RtSecret    *rt_secret_new       (const char *data,
                                  gssize      len);
RtSecret    *rt_secret_new_take  (char       *data,
                                  gsize       len);
RtSecret    *rt_secret_ref       (RtSecret   *self);
void         rt_secret_unref     (RtSecret   *self);
const char  *rt_secret_get       (RtSecret   *self,
                                  gsize      *len);
gsize        rt_secret_get_len   (RtSecret   *self);
gboolean     rt_secret_equal     (RtSecret   *a,
                                  RtSecret   *b);
void         rt_secret_wipe      (gpointer    data,
                                  gsize       len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtSecret, rt_secret_unref)

G_END_DECLS
