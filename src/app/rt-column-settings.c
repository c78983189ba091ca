/* rt-column-settings.c: the token table's shown columns and sort, kept in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-clock.h"
#include "rt-column-settings.h"
#include "rt-token.h"

/* A column is shown when the user wants it (GSettings visible-columns,
 * through the header menu's stateful actions), the role allows it (the
 * admin columns) and the table is wide enough for it. libadwaita 1.2 has no
 * breakpoints, so the table reports its width and an idle applies it:
 * changing what is visible inside an allocation is not allowed. */

struct _RtColumnSettings
{
  GObject              parent_instance;

  GSettings           *settings;
  GSimpleActionGroup  *actions;
  GtkColumnView       *column_view;
  GtkSorter           *view_sorter;
  GtkColumnViewColumn *columns[RT_N_COLUMNS];
  GPtrArray           *probes;           /* tokens to read the sort with; see read_sort() */
  guint                update_source;
  int                  width;
  guint                admin : 1;
};

G_DEFINE_FINAL_TYPE (RtColumnSettings, rt_column_settings, G_TYPE_OBJECT)

typedef struct
{
  const char *id;          /* in GSettings and in the column actions */
  int         min_width;   /* the table is too narrow for it below this */
  gboolean    admin_only;
} ColumnInfo;

static const ColumnInfo column_info[RT_N_COLUMNS] = {
  [RT_COLUMN_NAME]        = { "name",          0, FALSE },
  [RT_COLUMN_END_DATE]    = { "end-date",    440, FALSE },
  [RT_COLUMN_PRODUCTS]    = { "products",    720, FALSE },
  [RT_COLUMN_CREATED_ON]  = { "created-on",  560, FALSE },
  [RT_COLUMN_STATUS]      = { "status",        0, FALSE },
  [RT_COLUMN_TYPE]        = { "type",        900, TRUE },
  [RT_COLUMN_CREATED_FOR] = { "created-for", 900, TRUE },
  [RT_COLUMN_CREATED_BY]  = { "created-by",  900, TRUE },
  /* Nice to have: it goes first, with the admin columns. */
  [RT_COLUMN_LAST_USED]   = { "last-used",   900, FALSE },
};

static int
find_column (const char *id)
{
  for (guint i = 0; i < RT_N_COLUMNS; i++)
    {
      if (g_strcmp0 (column_info[i].id, id) == 0)
        return (int) i;
    }

  return -1;
}

/* Visibility {{{ */

static void
update_columns (RtColumnSettings *self)
{
  g_auto(GStrv) wanted = g_settings_get_strv (self->settings, "visible-columns");

  for (guint i = 0; i < RT_N_COLUMNS; i++)
    {
      gboolean wants = i == RT_COLUMN_NAME ||
                       g_strv_contains ((const char * const *) wanted, column_info[i].id);
      gboolean allowed = !column_info[i].admin_only || self->admin;
      /* Before the first allocation the width is unknown: show everything
       * the user wants rather than flashing a narrow layout. */
      gboolean fits = self->width == 0 || self->width >= column_info[i].min_width;
      GAction *action;

      gtk_column_view_column_set_visible (self->columns[i], wants && allowed && fits);

      /* The menu shows the user's choice, whatever the width. */
      action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), column_info[i].id);
      if (action != NULL)
        {
          g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (wants));
          g_simple_action_set_enabled (G_SIMPLE_ACTION (action), allowed);
        }
    }
}

static gboolean
update_columns_idle (gpointer user_data)
{
  RtColumnSettings *self = user_data;

  self->update_source = 0;
  update_columns (self);

  return G_SOURCE_REMOVE;
}

static void
column_action_change_state_cb (GSimpleAction    *action,
                               GVariant         *state,
                               RtColumnSettings *self)
{
  g_auto(GStrv) visible = g_settings_get_strv (self->settings, "visible-columns");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) new_visible = NULL;
  const char *id = g_action_get_name (G_ACTION (action));
  gboolean show = g_variant_get_boolean (state);

  for (guint i = 0; visible[i] != NULL; i++)
    {
      if (!g_str_equal (visible[i], id))
        g_strv_builder_add (builder, visible[i]);
    }
  if (show)
    g_strv_builder_add (builder, id);

  new_visible = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "visible-columns", (const char * const *) new_visible);
}

/* }}} */
/* Sort {{{ */

/* Tokens whose sort key is low (bit clear) or high (bit set) in each column,
 * every column independently of the others. */
static RtToken *
new_probe (guint high)
{
  g_autoptr(GDate) end_date = rt_clock_today ();
  g_autoptr(GDateTime) created_at = g_date_time_new_utc (2000, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) created_later = g_date_time_add_hours (created_at, 1);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  RtToken *token = rt_token_new ("probe");

#define HIGH(column) ((high & (1u << (column))) != 0)

  /* Far from the end date either way, so never expiring soon. */
  rt_token_set_expiring_soon_days (token, 0);
  rt_token_set_name (token, HIGH (RT_COLUMN_NAME) ? "b" : "a");
  g_date_add_days (end_date, HIGH (RT_COLUMN_END_DATE) ? 200 : 100);
  rt_token_set_subscription_end_date (token, end_date);
  g_ptr_array_add (products, rt_product_new ("p", HIGH (RT_COLUMN_PRODUCTS) ? "b" : "a", "1"));
  rt_token_set_products (token, products);
  rt_token_set_created_at (token, HIGH (RT_COLUMN_CREATED_ON) ? created_later : created_at);
  rt_token_set_status (token, HIGH (RT_COLUMN_STATUS) ? RT_TOKEN_STATUS_EXPIRED : RT_TOKEN_STATUS_ACTIVE);
  rt_token_set_token_type (token, HIGH (RT_COLUMN_TYPE) ? RT_TOKEN_TYPE_SERVICE : RT_TOKEN_TYPE_USER);
  rt_token_set_created_for (token, HIGH (RT_COLUMN_CREATED_FOR) ? "b" : "a");
  rt_token_set_created_by (token, HIGH (RT_COLUMN_CREATED_BY) ? "b" : "a");
  rt_token_set_last_used_at (token, HIGH (RT_COLUMN_LAST_USED) ? created_later : created_at);

#undef HIGH

  return token;
}

/* GTK 4.8 cannot tell which column the view sorts by (that is
 * gtk_column_view_sorter_get_primary_sort_column(), new in 4.10), so ask the
 * sorter itself. It compares by its primary column, falling back to the
 * columns sorted by before. With L low and H high in every column, and A_c
 * low only in column c and B_c high only in column c:
 *   compare (L, H)     is the primary column's verdict;
 *   compare (A_c, B_c) agrees with it only when c is the primary column,
 * because in every other column A_c and B_c are the other way round. */
static gboolean
read_sort (RtColumnSettings *self,
           RtColumn         *out_column,
           gboolean         *out_descending)
{
  guint all = (1u << RT_N_COLUMNS) - 1;
  RtToken *low;
  RtToken *high;
  GtkOrdering verdict;

  if (self->probes == NULL)
    {
      self->probes = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->probes, new_probe (0));
      g_ptr_array_add (self->probes, new_probe (all));
      for (guint i = 0; i < RT_N_COLUMNS; i++)
        {
          g_ptr_array_add (self->probes, new_probe (all & ~(1u << i)));
          g_ptr_array_add (self->probes, new_probe (1u << i));
        }
    }

  low = g_ptr_array_index (self->probes, 0);
  high = g_ptr_array_index (self->probes, 1);
  verdict = gtk_sorter_compare (self->view_sorter, low, high);
  if (verdict == GTK_ORDERING_EQUAL)
    return FALSE;

  for (guint i = 0; i < RT_N_COLUMNS; i++)
    {
      RtToken *a = g_ptr_array_index (self->probes, 2 + 2 * i);
      RtToken *b = g_ptr_array_index (self->probes, 3 + 2 * i);
      GtkSorter *column_sorter;

      if (gtk_sorter_compare (self->view_sorter, a, b) != verdict)
        continue;

      column_sorter = gtk_column_view_column_get_sorter (self->columns[i]);
      *out_column = i;
      *out_descending = gtk_sorter_compare (column_sorter, low, high) != verdict;
      return TRUE;
    }

  return FALSE;
}

static void
view_sorter_changed_cb (RtColumnSettings *self)
{
  RtColumn column;
  gboolean descending;
  g_autofree char *saved = NULL;

  if (!read_sort (self, &column, &descending))
    return;

  saved = g_settings_get_string (self->settings, "sort-column");
  if (g_strcmp0 (saved, column_info[column].id) != 0)
    g_settings_set_string (self->settings, "sort-column", column_info[column].id);
  if (g_settings_get_boolean (self->settings, "sort-descending") != descending)
    g_settings_set_boolean (self->settings, "sort-descending", descending);
}

static void
restore_sort (RtColumnSettings *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "sort-column");
  gboolean descending = g_settings_get_boolean (self->settings, "sort-descending");
  int column = find_column (id);

  if (column < 0)
    column = RT_COLUMN_CREATED_ON;

  gtk_column_view_sort_by_column (self->column_view,
                                  self->columns[column],
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

/* }}} */
/* GObject {{{ */

static void
rt_column_settings_dispose (GObject *object)
{
  RtColumnSettings *self = RT_COLUMN_SETTINGS (object);

  g_clear_handle_id (&self->update_source, g_source_remove);

  /* Disposing the column view removes its columns from its sorter: that is
   * not the user choosing another sort. */
  if (self->view_sorter != NULL)
    g_signal_handlers_disconnect_by_func (self->view_sorter, view_sorter_changed_cb, self);

  g_clear_object (&self->settings);
  g_clear_object (&self->actions);
  g_clear_object (&self->view_sorter);
  g_clear_object (&self->column_view);
  for (guint i = 0; i < RT_N_COLUMNS; i++)
    g_clear_object (&self->columns[i]);
  g_clear_pointer (&self->probes, g_ptr_array_unref);

  G_OBJECT_CLASS (rt_column_settings_parent_class)->dispose (object);
}

static void
rt_column_settings_class_init (RtColumnSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rt_column_settings_dispose;
}

static void
rt_column_settings_init (RtColumnSettings *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
  self->actions = g_simple_action_group_new ();
}

/* }}} */
/* Public API {{{ */

/**
 * rt_column_settings_new:
 * @column_view: the token table's column view
 * @columns: its columns, in #RtColumn order
 *
 * Applies the saved visibility and sort to @column_view's columns and saves
 * the user's changes to them from now on.
 *
 * Returns: (transfer full): the column settings
 */
RtColumnSettings *
rt_column_settings_new (GtkColumnView              *column_view,
                        GtkColumnViewColumn * const columns[RT_N_COLUMNS])
{
  RtColumnSettings *self;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (column_view), NULL);
  g_return_val_if_fail (columns != NULL, NULL);

  self = g_object_new (RT_TYPE_COLUMN_SETTINGS, NULL);
  self->column_view = g_object_ref (column_view);
  self->view_sorter = g_object_ref (gtk_column_view_get_sorter (column_view));
  for (guint i = 0; i < RT_N_COLUMNS; i++)
    self->columns[i] = g_object_ref (columns[i]);

  for (guint i = 0; i < RT_N_COLUMNS; i++)
    {
      g_autoptr(GSimpleAction) action = NULL;

      if (i == RT_COLUMN_NAME)
        continue;

      action = g_simple_action_new_stateful (column_info[i].id, NULL, g_variant_new_boolean (TRUE));
      g_signal_connect_object (action, "change-state",
                               G_CALLBACK (column_action_change_state_cb), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
    }

  g_signal_connect_object (self->settings, "changed::visible-columns",
                           G_CALLBACK (update_columns), self,
                           G_CONNECT_SWAPPED);
  update_columns (self);

  restore_sort (self);
  g_signal_connect_object (self->view_sorter, "changed",
                           G_CALLBACK (view_sorter_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

/**
 * rt_column_settings_get_actions:
 *
 * Returns: (transfer none): a stateful action for each column but the name,
 *   named by its id: whether the user wants it shown
 */
GActionGroup *
rt_column_settings_get_actions (RtColumnSettings *self)
{
  g_return_val_if_fail (RT_IS_COLUMN_SETTINGS (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

/* Whether the admin-only columns may be shown. */
void
rt_column_settings_set_admin (RtColumnSettings *self,
                              gboolean          admin)
{
  g_return_if_fail (RT_IS_COLUMN_SETTINGS (self));

  admin = !!admin;
  if (self->admin == admin)
    return;

  self->admin = admin;
  update_columns (self);
}

/* The table's width, from its size_allocate(); applied in an idle. */
void
rt_column_settings_set_width (RtColumnSettings *self,
                              int               width)
{
  g_return_if_fail (RT_IS_COLUMN_SETTINGS (self));

  if (width == self->width)
    return;

  self->width = width;
  if (self->update_source == 0)
    self->update_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_columns_idle, self, NULL);
}

/**
 * rt_column_settings_lookup:
 * @id: a column id as in the visible-columns setting
 *
 * Returns: (transfer none) (nullable): the column
 */
GtkColumnViewColumn *
rt_column_settings_lookup (RtColumnSettings *self,
                           const char       *id)
{
  int column;

  g_return_val_if_fail (RT_IS_COLUMN_SETTINGS (self), NULL);

  column = find_column (id);

  return column >= 0 ? self->columns[column] : NULL;
}

/* }}} */
