/* test-window-table.c: the main window's token table: cells, sort, search, columns, layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-cell-label.h"
#include "rt-status-badge.h"
#include "rt-ui-util.h"
#include "rt-test-util.h"
#include "rt-test-window.h"

/* The table {{{ */

typedef struct
{
  const char *name;
  const char *end_date;
  const char *end_date_tooltip;
  const char *products;
  const char *created_on;
  const char *created_on_tooltip;
  const char *status;
  const char *status_class;
  const char *type;
  const char *created_for;
  const char *created_by;
} ExpectedRow;

/* Newest first, the default sort. */
static const ExpectedRow demo_rows[] = {
  { "ada-workstation", "Sep 14, 2027", "in 10 months", "Motion SDK, Vision Kit",
    "Nov 13, 2026", "5 days ago", "Active", "success", "User", "Ada Admin", "Ada Admin" },
  { "ci-pipeline", "Sep 14, 2027", "in 10 months", "Data Lake, Fleet Manager, Motion SDK, Vision Kit",
    "Nov 8, 2026", "10 days ago", "Active", "success", "User", "Mia Member", "Mia Member" },
  { "prod-cluster", "Sep 14, 2027", "in 10 months", "Data Lake, Fleet Manager, Motion SDK",
    "Oct 19, 2026", "30 days ago", "Active", "success", "Service", "deploy-bot", "Ada Admin" },
  { "staging-pull", "Dec 8, 2026", "in 20 days", "Vision Kit",
    "Sep 19, 2026", "2 months ago", "Expiring Soon", "warning", "User", "Mia Member", "Mia Member" },
  { "laptop-mia", "Oct 4, 2026", "1 month ago", "Edge OS",
    "May 2, 2026", "7 months ago", "Expired", "error", "User", "Mia Member", "Mia Member" },
  { "old-build-farm", "Oct 4, 2026", "1 month ago", "Edge OS",
    "Nov 18, 2025", "1 year ago", "Expired", "error", "User", "Ada Admin", "Ada Admin" },
};

/* What GTK does when the pointer rests on @widget: TRUE if it gets a
 * tooltip to show. */
static gboolean
query_tooltip (GtkWidget *widget)
{
  g_autoptr(GObject) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);

  return shown;
}

static void
assert_cell (GPtrArray  *cells,
             guint       position,
             const char *column,
             const char *text,
             const char *tooltip)
{
  Cell *cell = find_cell (cells, position, column);

  g_assert_cmpstr (cell->text, ==, text);
  if (tooltip == NULL)
    return;

  g_assert_cmpstr (rt_ui_get_lazy_tooltip (cell->widget), ==, tooltip);
  /* The tooltip GTK asks for, and what a screen reader reads. */
  g_assert_true (gtk_widget_get_has_tooltip (cell->widget));
  g_assert_true (query_tooltip (cell->widget));
  if (RT_IS_CELL_LABEL (cell->widget))
    {
      gtk_test_accessible_assert_role (cell->widget, GTK_ACCESSIBLE_ROLE_LABEL);
      gtk_test_accessible_assert_property (cell->widget, GTK_ACCESSIBLE_PROPERTY_LABEL, text);
      gtk_test_accessible_assert_property (cell->widget, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip);
    }
}

static void
test_table_cells (Fixture       *fixture,
                  gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  CellsReady ready = { window, N_DEMO_TOKENS };
  g_autoptr(GPtrArray) cells = NULL;
  g_autofree char *names = NULL;
  const char *columns[] = {
    "name", "end-date", "products", "created-on", "last-used", "status", "type", "created-for",
    "created-by",
  };

  rt_test_wait_until (cells_ready (&ready));

  /* Admins see every column at this width. */
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_assert_true (gtk_column_view_column_get_visible (rt_token_table_get_column (window->token_table, columns[i])));

  names = get_names (window);
  g_assert_cmpstr (names, ==, "ada-workstation ci-pipeline prod-cluster staging-pull laptop-mia old-build-farm");

  cells = get_cells (window);
  for (guint i = 0; i < G_N_ELEMENTS (demo_rows); i++)
    {
      const ExpectedRow *row = &demo_rows[i];
      Cell *status;
      g_autofree char *status_tooltip = NULL;
      Cell *actions;
      g_autofree char *actions_label = NULL;

      assert_cell (cells, i, "name", row->name, NULL);
      assert_cell (cells, i, "end-date", row->end_date, row->end_date_tooltip);
      assert_cell (cells, i, "products", row->products, NULL);
      assert_cell (cells, i, "created-on", row->created_on, row->created_on_tooltip);
      assert_cell (cells, i, "status", row->status, NULL);
      assert_cell (cells, i, "type", row->type, NULL);
      assert_cell (cells, i, "created-for", row->created_for, row->created_for);
      assert_cell (cells, i, "created-by", row->created_by, row->created_by);
      /* The name, whole, even when its column is narrow. */
      g_assert_cmpstr (rt_cell_label_get_tooltip (RT_CELL_LABEL (gtk_widget_get_first_child (find_cell (cells, i, "name")->widget))),
                       ==, row->name);

      status = find_cell (cells, i, "status");
      g_assert_true (gtk_widget_has_css_class (status->widget, row->status_class));
      if (g_str_equal (row->status_class, "error"))
        status_tooltip = g_strdup ("No active subscription covers the token’s products: it can pull nothing");
      else
        status_tooltip = g_strdup_printf ("The subscription ends %s", row->end_date_tooltip);
      assert_cell (cells, i, "status", row->status, status_tooltip);

      /* The row's menu button, named for screen readers. */
      actions = find_cell (cells, i, "actions");
      actions_label = g_strdup_printf ("Actions for %s", row->name);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (get_actions_button (actions)),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, actions_label);
      g_assert_false (actions_cell_busy (actions));
    }

  /* The products' tooltip lists them with their versions. */
  assert_cell (cells, 0, "products", "Motion SDK, Vision Kit", "Motion SDK 5.2\nVision Kit 3.0");

  /* Only ci-pipeline has logged in to the registry: yesterday at 18:00. */
  for (guint i = 0; i < G_N_ELEMENTS (demo_rows); i++)
    {
      if (g_str_equal (demo_rows[i].name, "ci-pipeline"))
        assert_cell (cells, i, "last-used", "yesterday", "Last registry login: Nov 17, 2026, 18:00");
      else
        assert_cell (cells, i, "last-used", "Never", "No registry login with this token yet");
    }
}

/* The saved-secret icon and the busy spinner follow the token. */
static void
test_table_token_state (Fixture       *fixture,
                        gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  CellsReady ready = { window, N_DEMO_TOKENS };
  g_autoptr(GPtrArray) cells = NULL;
  RtToken *token;
  GtkWidget *icon;
  Cell *actions;

  rt_test_wait_until (cells_ready (&ready));
  token = rt_token_store_find (rt_session_get_tokens (window->session), "tok_demo1", NULL);
  g_assert_nonnull (token);

  cells = get_cells (window);
  icon = gtk_widget_get_last_child (find_cell (cells, 1, "name")->widget);
  g_assert_true (GTK_IS_IMAGE (icon));
  g_assert_false (gtk_widget_get_visible (icon));
  g_assert_cmpstr (rt_ui_get_lazy_tooltip (icon), ==, "Secret saved in keyring");
  g_assert_true (query_tooltip (icon));

  rt_token_set_has_saved_secret (token, TRUE);
  g_assert_true (gtk_widget_get_visible (icon));

  actions = find_cell (cells, 1, "actions");
  rt_token_set_busy (token, TRUE);
  g_assert_true (actions_cell_busy (actions));
  rt_token_set_busy (token, FALSE);
  g_assert_false (actions_cell_busy (actions));
}

typedef struct
{
  const char *column;
  const char *ascending;
  const char *descending;
} ExpectedSort;

static const ExpectedSort sorts[] = {
  { "name",
    "ada-workstation ci-pipeline laptop-mia old-build-farm prod-cluster staging-pull",
    "staging-pull prod-cluster old-build-farm laptop-mia ci-pipeline ada-workstation" },
  /* Soonest end first; equal ones stay newest first. */
  { "end-date",
    "laptop-mia old-build-farm staging-pull ada-workstation ci-pipeline prod-cluster",
    "ada-workstation ci-pipeline prod-cluster staging-pull laptop-mia old-build-farm" },
  { "products",
    "prod-cluster ci-pipeline laptop-mia old-build-farm ada-workstation staging-pull",
    "staging-pull ada-workstation laptop-mia old-build-farm ci-pipeline prod-cluster" },
  { "created-on",
    "old-build-farm laptop-mia staging-pull prod-cluster ci-pipeline ada-workstation",
    "ada-workstation ci-pipeline prod-cluster staging-pull laptop-mia old-build-farm" },
  /* Never used counts as oldest; equal ones keep the order sorted by before. */
  { "last-used",
    "ada-workstation prod-cluster staging-pull laptop-mia old-build-farm ci-pipeline",
    "ci-pipeline ada-workstation prod-cluster staging-pull laptop-mia old-build-farm" },
  /* Active, Expiring Soon, Expired. */
  { "status",
    "ada-workstation ci-pipeline prod-cluster staging-pull laptop-mia old-build-farm",
    "laptop-mia old-build-farm staging-pull ada-workstation ci-pipeline prod-cluster" },
  { "type",
    "prod-cluster ada-workstation ci-pipeline staging-pull laptop-mia old-build-farm",
    "ada-workstation ci-pipeline staging-pull laptop-mia old-build-farm prod-cluster" },
  { "created-for",
    "ada-workstation old-build-farm prod-cluster ci-pipeline staging-pull laptop-mia",
    "ci-pipeline staging-pull laptop-mia prod-cluster ada-workstation old-build-farm" },
  { "created-by",
    "ada-workstation prod-cluster old-build-farm ci-pipeline staging-pull laptop-mia",
    "ci-pipeline staging-pull laptop-mia ada-workstation prod-cluster old-build-farm" },
};

static void
test_table_sort (Fixture       *fixture,
                 gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  RtTokenTable *table = window->token_table;
  RtWindow *second;

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    {
      GtkColumnViewColumn *column = rt_token_table_get_column (table, sorts[i].column);
      g_autofree char *ascending = NULL;
      g_autofree char *descending = NULL;
      g_autofree char *saved = NULL;

      gtk_column_view_sort_by_column (window->column_view, column, GTK_SORT_ASCENDING);
      ascending = get_names (window);
      g_assert_cmpstr (ascending, ==, sorts[i].ascending);
      saved = g_settings_get_string (view_settings (window), "sort-column");
      g_assert_cmpstr (saved, ==, sorts[i].column);
      g_assert_false (g_settings_get_boolean (view_settings (window), "sort-descending"));

      gtk_column_view_sort_by_column (window->column_view, column, GTK_SORT_DESCENDING);
      descending = get_names (window);
      g_assert_cmpstr (descending, ==, sorts[i].descending);
      g_assert_true (g_settings_get_boolean (view_settings (window), "sort-descending"));
    }

  /* The chosen sort is remembered by the next window. */
  gtk_column_view_sort_by_column (window->column_view,
                                  rt_token_table_get_column (table, "name"),
                                  GTK_SORT_ASCENDING);
  close_window (fixture);
  second = open_window (fixture);
  rt_test_wait_until (is_loaded (second));
  {
    g_autofree char *names = get_names (second);

    g_assert_cmpstr (names, ==, sorts[0].ascending);
  }
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  Filtered expected = { window, 0 };
  g_autofree char *names = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  GtkWidget *dropped;
  GtkWidget *kept;

  rt_test_wait_until (shows_table (window));

  /* The tooltips name the shortcuts as GTK writes them, not from the .ui. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window->search_button), ==, "Search (Ctrl+F)");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window->refresh_button), ==, "Refresh (F5)");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (window->generate_icon_button), ==,
                   "Generate a New Token (Ctrl+N)");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (window->search_bar));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (window->search_button)));

  /* By product name… */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "vision");
  expected.n_items = 3;
  rt_test_wait_until (filtered (&expected));
  names = get_names (window);
  g_assert_cmpstr (names, ==, "ada-workstation ci-pipeline staging-pull");
  g_clear_pointer (&names, g_free);
  cells = get_cells (window);
  dropped = find_cell (cells, 0, "name")->widget;
  g_object_add_weak_pointer (G_OBJECT (dropped), (gpointer *) &dropped);
  kept = g_object_ref (find_cell (cells, 1, "name")->widget);
  g_clear_pointer (&cells, g_ptr_array_unref);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 1, TRUE);

  /* …and by token name, ignoring case. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "PIPE");
  expected.n_items = 1;
  rt_test_wait_until (filtered (&expected));
  names = get_names (window);
  g_assert_cmpstr (names, ==, "ci-pipeline");
  /* The token both searches show keeps its row (GTK 4.8 builds none again)
   * and its selection. */
  cells = get_cells (window);
  g_assert_true (find_cell (cells, 0, "name")->widget == kept);
  g_assert_true (gtk_widget_get_mapped (kept));
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (window->selection), 0));
  g_assert_cmpstr (rt_token_get_name (rt_token_table_get_selected_token (window->token_table)), ==, "ci-pipeline");
  g_clear_pointer (&cells, g_ptr_array_unref);
  g_clear_object (&kept);
  g_assert_cmpstr (get_content (window), ==, "table");
  /* The cells of the rows it hid are let go of in the idles after. */
  rt_test_wait_until (dropped == NULL);

  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "no such thing");
  expected.n_items = 0;
  rt_test_wait_until (filtered (&expected));
  g_assert_cmpstr (get_content (window), ==, "no-results");

  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "");
  expected.n_items = N_DEMO_TOKENS;
  rt_test_wait_until (filtered (&expected));
  g_assert_cmpstr (get_content (window), ==, "table");

  /* Closing the search bar clears the search. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "edge");
  expected.n_items = 2;
  rt_test_wait_until (filtered (&expected));
  gtk_search_bar_set_search_mode (window->search_bar, FALSE);
  expected.n_items = N_DEMO_TOKENS;
  rt_test_wait_until (filtered (&expected));
}

/* Opens a window on the demo tokens and @n_builds more, named "build-"
 * and a number of @digits digits, sorted by name: ada-workstation, then
 * the builds, then the other demo tokens. */
static RtWindow *
open_with_builds (Fixture *fixture,
                  guint    n_builds,
                  int      digits)
{
  g_autoptr(RtClient) other = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  RtWindow *window;

  for (guint i = 0; i < n_builds; i++)
    {
      g_autofree char *name = g_strdup_printf ("build-%0*u", digits, i);
      g_autoptr(RtToken) token = create_token (other, name);
    }

  /* By name: the tokens were made within a second or two. */
  g_settings_set_string (fixture->settings, "sort-column", "name");
  g_settings_set_boolean (fixture->settings, "sort-descending", FALSE);
  window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  rt_test_wait_until (is_loaded (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->selection)), ==, N_DEMO_TOKENS + n_builds);

  return window;
}

/* Clearing a search brings many rows back at once: GTK 4.8 would build
 * them all in one go, so the table shows the first few with the one that
 * stays, and lets the others in a few at a time. */
static void
test_search_cleared (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const guint n_all = N_DEMO_TOKENS + 60;
  RtWindow *window = open_with_builds (fixture, 60, 2);
  g_autoptr(GtSignalLogger) logger = NULL;
  Filtered expected = { NULL, 1 };
  g_autofree char *names = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "build-42");
  expected.window = window;
  rt_test_wait_until (filtered (&expected));
  names = get_names (window);
  g_assert_cmpstr (names, ==, "build-42");

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 0, TRUE);

  logger = gt_signal_logger_new ();
  gt_signal_logger_connect (logger, window->selection, "items-changed");
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "");
  expected.n_items = n_all;
  rt_test_wait_until (filtered (&expected));
  g_assert_cmpstr (get_content (window), ==, "table");

  /* ada-workstation, build-00 to build-38 first, then the other 25 with
   * build-42 among them, in one change that keeps its row and its
   * selection. */
  rt_test_assert_items_changed (logger, G_LIST_MODEL (window->selection), 0, 0, 40);
  rt_test_assert_items_changed (logger, G_LIST_MODEL (window->selection), 40, 1, n_all - 40);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpstr (rt_token_get_name (rt_token_table_get_selected_token (window->token_table)), ==, "build-42");

  /* Select All at once after a clear takes every token, also those still
   * to come. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "build-4");
  expected.n_items = 10;
  rt_test_wait_until (filtered (&expected));
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "");
  g_assert_cmpuint (rt_filter_list_get_pending (rt_token_table_get_filter_model (window->token_table)), >, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL);
  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (window->selection));

    g_assert_cmpuint (gtk_bitset_get_size (selected), ==, n_all);
  }
}

typedef struct
{
  GtkWidget *in_view;
  guint      n_changes;
  gboolean   in_view_after_first;
} Pasted;

static void
pasted_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Pasted     *pasted)
{
  /* GTK's own handler has dropped the rows this change drops. */
  if (pasted->n_changes++ == 0)
    pasted->in_view_after_first = pasted->in_view != NULL && gtk_widget_get_mapped (pasted->in_view);
}

static gboolean
has_cell (RtWindow   *window,
          guint       position,
          gboolean    mapped)
{
  g_autoptr(GPtrArray) cells = get_cells (window);

  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (cells, i);

      if (cell->position == position && g_str_equal (cell->column, "name"))
        return !mapped || gtk_widget_get_mapped (cell->widget);
    }

  return FALSE;
}

/* A search that hides most of many rows at once: GTK 4.8 would drop all of
 * their rows in one go, so the table lets those far from the view go
 * first, and those in view last, together. The token that stays keeps its
 * row and its selection. */
static void
test_search_pasted (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const guint n_all = N_DEMO_TOKENS + 140;
  RtWindow *window = open_with_builds (fixture, 140, 3);
  g_autoptr(GtSignalLogger) logger = NULL;
  Filtered expected = { NULL, 1 };
  Pasted pasted = { NULL, };
  GtkAdjustment *adjustment;
  GtkWidget *kept;

  /* Scrolled down to build-050: GTK drops the rows at the top. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (window->column_view));
  rt_test_wait_until (gtk_adjustment_get_upper (adjustment) > 2 * gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * 51 / n_all);
  rt_test_wait_until (has_cell (window, 53, TRUE) && !has_cell (window, 0, FALSE));
  {
    g_autoptr(GPtrArray) cells = get_cells (window);

    pasted.in_view = find_cell (cells, 53, "name")->widget;
    g_object_add_weak_pointer (G_OBJECT (pasted.in_view), (gpointer *) &pasted.in_view);
  }
  {
    g_autoptr(GPtrArray) cells = get_all_cells (window);

    kept = g_object_ref (find_cell (cells, 101, "name")->widget);
  }
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 101, TRUE);

  logger = gt_signal_logger_new ();
  gt_signal_logger_connect (logger, window->selection, "items-changed");
  g_signal_connect (window->selection, "items-changed", G_CALLBACK (pasted_changed_cb), &pasted);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "build-100");
  expected.window = window;
  rt_test_wait_until (filtered (&expected) &&
                      rt_filter_list_get_pending (rt_token_table_get_filter_model (window->token_table)) == 0);

  /* First all but the rows about the view, which stay mapped; then, an
   * idle later, those. */
  g_assert_cmpuint (pasted.n_changes, ==, 2);
  g_assert_true (pasted.in_view_after_first);
  {
    guint position, removed, added;

    gt_signal_logger_assert_emission_pop (logger, window->selection, "items-changed",
                                          &position, &removed, &added);
    g_assert_cmpuint (position, ==, 0);
    g_assert_cmpuint (removed, ==, n_all);
    g_assert_cmpuint (added, >, 20);
    g_assert_cmpuint (added, <=, 65);
    /* build-100 comes after them. */
    rt_test_assert_items_changed (logger, G_LIST_MODEL (window->selection), 0, added - 1, 0);
  }
  gt_signal_logger_assert_no_emissions (logger);
  rt_test_wait_until (pasted.in_view == NULL);

  {
    g_autoptr(GPtrArray) cells = get_cells (window);

    g_assert_true (find_cell (cells, 0, "name")->widget == kept);
  }
  g_assert_cmpstr (rt_token_get_name (rt_token_table_get_selected_token (window->token_table)), ==, "build-100");
  g_signal_handlers_disconnect_by_func (window->selection, pasted_changed_cb, &pasted);
  g_object_unref (kept);

  /* An export while the table lets rows in, or drops them, is of the
   * tokens the search lets through, not of the rows shown at the time:
   * the search cleared, then, from the top, "build-1". */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GtSignalLogger) changes = gt_signal_logger_new ();
      g_autofree char *csv = NULL;
      g_auto(GStrv) lines = NULL;
      int position = 0;

      gt_signal_logger_connect (changes, window->selection, "items-changed");
      if (round == 0)
        gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "");
      else
        gtk_editable_insert_text (GTK_EDITABLE (window->search_entry), "build-1", -1, &position);
      rt_test_wait_until (gt_signal_logger_get_n_emissions (changes) > 0);
      g_assert_cmpuint (rt_filter_list_get_pending (rt_token_table_get_filter_model (window->token_table)), >, 0);
      csv = rt_token_table_to_csv (window->token_table);
      lines = g_strsplit (csv, "\r\n", -1);
      /* A header, the tokens, and an empty end. */
      g_assert_cmpuint (g_strv_length (lines), ==, 2 + (round == 0 ? n_all : 40));
      g_assert_cmpuint (rt_filter_list_get_pending (rt_token_table_get_filter_model (window->token_table)), ==, 0);

      /* Once laid out, with build-100 still in view, to the top. */
      if (round == 0)
        {
          rt_test_wait_until (gtk_adjustment_get_value (adjustment) > 0);
          gtk_adjustment_set_value (adjustment, 0);
          rt_test_wait_until (has_cell (window, 0, TRUE) && !has_cell (window, 101, FALSE));
        }
    }
}

static void
test_column_menu (Fixture       *fixture,
                  gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  GtkColumnViewColumn *products = rt_token_table_get_column (window->token_table, "products");
  GtkWidget *table = GTK_WIDGET (window->token_table);
  g_auto(GStrv) visible = NULL;
  GMenuModel *menu;

  g_assert_true (gtk_column_view_column_get_visible (products));
  menu = gtk_column_view_column_get_header_menu (products);
  g_assert_nonnull (menu);

  g_assert_true (gtk_widget_activate_action (table, "columns.products", NULL));
  visible = g_settings_get_strv (view_settings (window), "visible-columns");
  g_assert_false (g_strv_contains ((const char * const *) visible, "products"));
  g_assert_true (g_strv_contains ((const char * const *) visible, "status"));
  g_assert_false (gtk_column_view_column_get_visible (products));
  g_clear_pointer (&visible, g_strfreev);

  g_assert_true (gtk_widget_activate_action (table, "columns.products", NULL));
  visible = g_settings_get_strv (view_settings (window), "visible-columns");
  g_assert_true (g_strv_contains ((const char * const *) visible, "products"));
  g_assert_true (gtk_column_view_column_get_visible (products));

  /* The name column cannot be hidden: it has no action. */
  g_assert_false (gtk_widget_activate_action (table, "columns.name", NULL));
}

static gboolean
column_shown (RtWindow   *window,
              const char *column)
{
  return gtk_column_view_column_get_visible (rt_token_table_get_column (window->token_table, column));
}

typedef struct
{
  RtWindow *window;
  int       width;
} Layout;

/* The window has the width asked for, and the table has laid out its
 * columns for it: every row's menu button lies inside the window. */
static gboolean
laid_out (Layout *layout)
{
  g_autoptr(GPtrArray) cells = NULL;
  int n_actions = 0;
  int width = gtk_widget_get_width (GTK_WIDGET (layout->window));

  /* The default size counts the window's frame too; large text can make
   * the window's minimum wider than asked. */
  if (width < layout->width - 16 || !shows_table (layout->window))
    return FALSE;
  if (width > layout->width)
    g_test_message ("the window is %d px wide", width);

  cells = get_cells (layout->window);
  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (cells, i);
      GtkWidget *button;
      graphene_rect_t bounds;

      if (!g_str_equal (cell->column, "actions"))
        continue;

      button = get_actions_button (cell);
      if (!gtk_widget_compute_bounds (button, GTK_WIDGET (layout->window), &bounds) ||
          bounds.origin.x < 0 ||
          bounds.origin.x + bounds.size.width > width)
        return FALSE;
      n_actions++;
    }

  return n_actions == N_DEMO_TOKENS;
}

/* At every width and text scale the row menus show and no name is cut;
 * lower-priority columns give way first, and products shows from 600 px. */
static void
test_layout (Fixture       *fixture,
             gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  const int widths[] = { 360, 600, 960, 1280, 960 };
  const double scales[] = { 1.0, 1.5 };
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi;

  rt_test_wait_until (shows_table (window));
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi <= 0)
    dpi = 96 * 1024;

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      g_object_set (settings, "gtk-xft-dpi", (int) (dpi * scales[s]), NULL);

      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          Layout layout = { window, widths[w] };
          g_autoptr(GPtrArray) cells = NULL;

          g_test_message ("window %d px wide, text at %g×", widths[w], scales[s]);
          gtk_window_set_default_size (GTK_WINDOW (window), widths[w], 600);
          wait_for_frames (window);
          rt_test_wait_until (laid_out (&layout));
          wait_for_frames (window);
          g_assert_true (laid_out (&layout));

          g_assert_true (column_shown (window, "name"));
          g_assert_true (column_shown (window, "status") || scales[s] > 1.0);
          g_assert_true (column_shown (window, "products") == (widths[w] >= 600));
          /* By priority: the admin columns go before the dates. */
          if (column_shown (window, "created-by"))
            g_assert_true (column_shown (window, "created-on"));
          if (column_shown (window, "created-on"))
            g_assert_true (column_shown (window, "end-date") && column_shown (window, "products"));
          if (column_shown (window, "last-used"))
            g_assert_true (column_shown (window, "created-on"));
          if (widths[w] >= 1280 && scales[s] == 1.0)
            g_assert_true (column_shown (window, "last-used"));

          /* The demo's names are short enough never to be ellipsized. */
          cells = get_cells (window);
          for (guint i = 0; i < cells->len; i++)
            {
              Cell *cell = g_ptr_array_index (cells, i);
              if (!g_str_equal (cell->column, "name"))
                continue;
              g_assert_false (rt_cell_label_is_ellipsized (RT_CELL_LABEL (gtk_widget_get_first_child (cell->widget))));
            }
        }
    }

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

/* Column widths follow all the tokens, not the rows shown: a search keeps
 * them, and so does a re-sync. */
static void
test_stable_widths (Fixture       *fixture,
                    gconstpointer  user_data)
{
  RtWindow *window = open_signed_in (fixture, fixture->service->url, fixture->service->admin_key);
  const char *columns[] = { "name", "end-date", "products", "created-on", "status" };
  Filtered expected = { window, 1 };
  Layout layout = { window, 1100 };
  int before[G_N_ELEMENTS (columns)];

  rt_test_wait_until (laid_out (&layout));
  wait_for_frames (window);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      before[i] = gtk_column_view_column_get_fixed_width (rt_token_table_get_column (window->token_table, columns[i]));
      g_assert_cmpint (before[i], >, 0);
    }

  /* Only the token with the shortest name and products. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "laptop");
  rt_test_wait_until (filtered (&expected));
  wait_for_frames (window);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_assert_cmpint (gtk_column_view_column_get_fixed_width (rt_token_table_get_column (window->token_table, columns[i])), ==, before[i]);

  gtk_search_bar_set_search_mode (window->search_bar, FALSE);
  expected.n_items = N_DEMO_TOKENS;
  rt_test_wait_until (filtered (&expected));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  rt_test_wait_until (!rt_token_store_get_loading (rt_session_get_tokens (window->session)));
  wait_for_frames (window);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_assert_cmpint (gtk_column_view_column_get_fixed_width (rt_token_table_get_column (window->token_table, columns[i])), ==, before[i]);

  /* A width the user drags stays. */
  gtk_column_view_column_set_fixed_width (rt_token_table_get_column (window->token_table, "end-date"), before[1] + 40);
  wait_for_frames (window);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (rt_token_table_get_column (window->token_table, "end-date")), ==, before[1] + 40);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  rt_test_window_init (&argc, &argv);

  ADD ("/window/table/cells", test_table_cells);
  ADD ("/window/table/token-state", test_table_token_state);
  ADD ("/window/table/sort", test_table_sort);
  ADD ("/window/table/search", test_search);
  ADD ("/window/table/search-cleared", test_search_cleared);
  ADD ("/window/table/search-pasted", test_search_pasted);
  ADD ("/window/table/column-menu", test_column_menu);
  ADD ("/window/table/layout", test_layout);
  ADD ("/window/table/stable-widths", test_stable_widths);

  return rt_test_window_run ();
}
