/* test-window-keyboard.c: the main window from the keyboard: the selected token, Tab, menus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-test-util.h"
#include "rt-test-window.h"
#include "rt-ui-util.h"

/* Keyboard and menus {{{ */

/* The actions (with their token id) of a token menu, as "action(id)". */
static void
collect_menu_actions (GMenuModel *menu,
                      GString    *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;

      if (section != NULL)
        {
          collect_menu_actions (section, actions);
          continue;
        }

      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      g_assert_nonnull (target);
      g_string_append_printf (actions, "%s%s(%s)", actions->len > 0 ? " " : "",
                              action, g_variant_get_string (target, NULL));
    }
}

static GtkPopover *
find_context_menu (RtWindow *window)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->token_table));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_POPOVER_MENU (child))
        return GTK_POPOVER (child);
    }

  return NULL;
}

/* The keyboard's context menu and Delete act on the selected token. */
static void
test_keyboard_on_selected (Fixture       *fixture,
                           gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  GtkWidget *table;
  GtkPopover *context_menu;
  AdwMessageDialog *dialog;
  RtToken *token;
  Filtered expected = { window, 0 };
  g_autoptr(GString) actions = g_string_new (NULL);

  rt_test_wait_until (shows_table (window));
  table = GTK_WIDGET (window->token_table);

  /* No row selected or focused: nothing happens. */
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  g_assert_true (gtk_widget_activate_action (table, "table.delete-selected", NULL));
  g_assert_null (find_message_dialog (window));

  /* A search drops rows, and with them their name cells: the menu must not
   * look for its row among the cells of rows that are gone. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "PIPE");
  expected.n_items = 1;
  rt_test_wait_until (filtered (&expected));
  wait_for_frames (window);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "");
  expected.n_items = N_DEMO_TOKENS;
  rt_test_wait_until (filtered (&expected));
  wait_for_frames (window);
  gtk_search_bar_set_search_mode (window->search_bar, FALSE);

  /* ci-pipeline, second newest. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 1, TRUE);
  token = rt_token_table_get_selected_token (window->token_table);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_demo1");

  g_assert_true (gtk_widget_activate_action (table, "table.popup-menu", NULL));
  context_menu = find_context_menu (window);
  g_assert_nonnull (context_menu);
  rt_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (context_menu)));
  collect_menu_actions (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (context_menu)), actions);
  g_assert_cmpstr (actions->str, ==,
                   "win.resync-products(tok_demo1) win.regenerate-secret(tok_demo1) "
                   "win.copy-name(tok_demo1) win.delete-token(tok_demo1)");
  gtk_popover_popdown (context_menu);

  /* With a saved secret, its access can be checked and it can be forgotten. */
  rt_token_set_has_saved_secret (token, TRUE);
  g_assert_true (gtk_widget_activate_action (table, "table.popup-menu", NULL));
  g_string_truncate (actions, 0);
  collect_menu_actions (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (context_menu)), actions);
  g_assert_cmpstr (actions->str, ==,
                   "win.resync-products(tok_demo1) win.regenerate-secret(tok_demo1) "
                   "win.copy-name(tok_demo1) win.check-access(tok_demo1) "
                   "win.forget-secret(tok_demo1) win.delete-token(tok_demo1)");
  gtk_popover_popdown (context_menu);

  g_assert_true (gtk_widget_activate_action (table, "table.delete-selected", NULL));
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “ci-pipeline”?");
  respond (dialog, "cancel");
  g_assert_nonnull (rt_token_store_find (rt_session_get_tokens (window->session), "tok_demo1", NULL));

  /* A busy token's actions are disabled. */
  rt_token_set_busy (token, TRUE);
  g_assert_true (gtk_widget_activate_action (table, "table.delete-selected", NULL));
  g_assert_null (find_message_dialog (window));
  rt_token_set_busy (token, FALSE);
}

/* Moves the focus as Tab does: on from the focus, and round again from the
 * start once it has gone through everything. */
static void
press_tab (RtWindow *window)
{
  if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
    {
      gtk_root_set_focus (GTK_ROOT (window), NULL);
      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
    }
}

static gboolean
focus_in_table (RtWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (window->token_table));
}

/* The row widget of @position's name cell, where the focus goes by arrow. */
static GtkWidget *
get_row (RtWindow *window,
         guint     position)
{
  g_autoptr(GPtrArray) cells = get_cells (window);

  return gtk_widget_get_parent (gtk_widget_get_parent (find_cell (cells, position, "name")->widget));
}

/* The table is one Tab stop, however many rows it has: the rows' menu
 * buttons are reached from their row (Menu, Shift+F10), not by Tab. */
static void
test_keyboard_one_tab_stop (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(RtClient) other = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  RtWindow *window;
  int n_tabs;

  for (guint i = 0; i < 100 - N_DEMO_TOKENS; i++)
    {
      g_autofree char *name = g_strdup_printf ("keyboard-%02u", i);
      g_autoptr(RtToken) token = create_token (other, name);
    }

  window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  rt_test_wait_until (shows_table (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->selection)), ==, 100);
  wait_for_frames (window);

  /* Into the table by Tab, from wherever the focus starts. */
  for (n_tabs = 0; n_tabs < 50 && !focus_in_table (window); n_tabs++)
    press_tab (window);
  g_assert_true (focus_in_table (window));

  for (n_tabs = 1; n_tabs <= 200; n_tabs++)
    {
      press_tab (window);
      if (!focus_in_table (window))
        break;
    }
  g_assert_cmpint (n_tabs, ==, 1);

  /* The menu buttons are there for the pointer and screen readers. */
  {
    g_autoptr(GPtrArray) cells = get_cells (window);
    GtkWidget *button = get_actions_button (find_cell (cells, 0, "actions"));

    g_assert_false (gtk_widget_get_focusable (button));
    g_assert_true (gtk_widget_get_can_target (button));
    g_autoptr(RtToken) first = g_list_model_get_item (G_LIST_MODEL (window->selection), 0);
    g_autofree char *label = g_strdup_printf ("Actions for %s", rt_token_get_name (first));

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  }
}

/* Delete and the menu act on the row with the focus, or on the row whose
 * menu button was opened, not on some other selected row. */
static void
test_keyboard_focus_row (Fixture       *fixture,
                         gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  CellsReady ready = { window, N_DEMO_TOKENS };
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GString) actions = g_string_new (NULL);
  GtkWidget *button;
  GtkPopover *popover;
  GtkPopover *context_menu;
  g_autoptr(RtToken) laptop_mia = NULL;
  AdwMessageDialog *dialog;
  g_autoptr(RtToken) prod_cluster = NULL;
  g_autofree char *expected_action = NULL;

  rt_test_wait_until (cells_ready (&ready));
  /* ada-workstation selected… */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 0, TRUE);

  /* …the focus on prod-cluster's row, as the arrows put it. */
  prod_cluster = g_list_model_get_item (G_LIST_MODEL (window->selection), 2);
  g_assert_cmpstr (rt_token_get_name (prod_cluster), ==, "prod-cluster");
  expected_action = g_strdup_printf ("win.resync-products(%s)", rt_token_get_id (prod_cluster));
  g_assert_true (gtk_widget_grab_focus (get_row (window, 2)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->token_table), "table.popup-menu", NULL));
  context_menu = find_context_menu (window);
  rt_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (context_menu)));
  collect_menu_actions (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (context_menu)), actions);
  g_assert_true (g_str_has_prefix (actions->str, expected_action));
  gtk_popover_popdown (context_menu);

  g_assert_true (gtk_widget_grab_focus (get_row (window, 2)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->token_table), "table.delete-selected", NULL));
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “prod-cluster”?");
  respond (dialog, "cancel");

  /* From laptop-mia's menu button, opened as a click does: the table's
   * menu, for laptop-mia, under the button; Delete pressed in it acts on
   * laptop-mia. */
  laptop_mia = g_list_model_get_item (G_LIST_MODEL (window->selection), 4);
  g_assert_cmpstr (rt_token_get_name (laptop_mia), ==, "laptop-mia");
  cells = get_cells (window);
  button = get_actions_button (find_cell (cells, 4, "actions"));
  g_signal_emit_by_name (button, "clicked");
  popover = find_context_menu (window);
  rt_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (window->selection), 4));
  g_string_truncate (actions, 0);
  collect_menu_actions (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)), actions);
  g_assert_true (strstr (actions->str, rt_token_get_id (laptop_mia)) != NULL);
  /* It points at the button. */
  {
    GdkRectangle rect;
    graphene_rect_t bounds;

    g_assert_true (gtk_popover_get_pointing_to (popover, &rect));
    g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (window->token_table), &bounds));
    g_assert_cmpint (rect.x, ==, (int) bounds.origin.x);
    g_assert_cmpint (rect.width, ==, (int) bounds.size.width);
  }
  /* The pointer is still on the button: its tooltip stays away from the
   * menu while the menu is open. */
  g_assert_false (gtk_widget_get_has_tooltip (button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (popover), "table.delete-selected", NULL));
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “laptop-mia”?");
  respond (dialog, "cancel");
  gtk_popover_popdown (popover);
  g_assert_true (gtk_widget_get_has_tooltip (button));
  g_assert_cmpstr (rt_ui_get_lazy_tooltip (button), ==, "Token Actions");
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  rt_test_window_init (&argc, &argv);

  ADD ("/window/keyboard-on-selected", test_keyboard_on_selected);
  ADD ("/window/keyboard/one-tab-stop", test_keyboard_one_tab_stop);
  ADD ("/window/keyboard/focus-row", test_keyboard_focus_row);

  return rt_test_window_run ();
}
