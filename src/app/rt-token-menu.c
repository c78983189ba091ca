/* rt-token-menu.c: a token's menu, for its row's menu button and context menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-token-menu.h"

/**
 * rt_token_menu_new:
 *
 * The window's token actions, targeted at @token, as they apply to it now.
 *
 * Returns: (transfer full): the menu
 */
GMenuModel *
rt_token_menu_new (RtToken *token)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) change = g_menu_new ();
  g_autoptr(GMenu) copy = g_menu_new ();
  g_autoptr(GMenu) delete = g_menu_new ();
  g_autoptr(GVariant) id = NULL;
  struct {
    GMenu      *section;
    const char *label;
    const char *action;
    gboolean    shown;
  } items[] = {
    /* The ones that ask before they act end in an ellipsis. */
    { change, _("Re-_sync Products"), "win.resync-products", TRUE },
    { change, _("Re-_generate Secret…"), "win.regenerate-secret", TRUE },
    { copy, _("_Copy Name"), "win.copy-name", TRUE },
    /* Both need the secret saved in the keyring. */
    { copy, _("Check _Access"), "win.check-access", rt_token_get_has_saved_secret (token) },
    { copy, _("_Forget Saved Secret"), "win.forget-secret", rt_token_get_has_saved_secret (token) },
    { delete, _("_Delete Token…"), "win.delete-token", TRUE },
  };

  id = g_variant_ref_sink (g_variant_new_string (rt_token_get_id (token)));

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      if (!items[i].shown)
        continue;

      item = g_menu_item_new (items[i].label, NULL);
      g_menu_item_set_action_and_target_value (item, items[i].action, id);
      g_menu_append_item (items[i].section, item);
    }

  g_menu_append_section (menu, NULL, G_MENU_MODEL (change));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (copy));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (delete));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}
