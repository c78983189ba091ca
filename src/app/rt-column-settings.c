/* rt-column-settings.c: the token table's shown columns and sort, kept in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-clock.h"
#include "rt-column-settings.h"
#include "rt-token.h"

/* A column is shown when the user wants it (GSettings visible-columns,
 * through the header menu's stateful actions), the role allows it (the
 * admin columns) and the table is wide enough for it. libadwaita 1.2 has no
 * breakpoints, so the table reports its width and an idle applies it:
 * changing what is visible inside an allocation is not allowed.
 *
 * The table also reports the width each column needs, measured from its
 * content in the current font; every column is given that as its fixed
 * width (the expanding ones, name and products, share what is left), so
 * widths do not follow the rows that happen to be on screen. Room to spare
 * goes first to the columns that would like more (a whole title, all of the
 * products), in priority order, then to the expanding ones. Columns are
 * dropped in reverse priority until the rest fit beside the row menu
 * column, which always shows; large text therefore drops columns earlier
 * rather than clipping them. A width the user set by dragging a header
 * edge is kept, until a double click on the edge gives it back. */

struct _RtColumnSettings
{
  GObject              parent_instance;

  GSettings           *settings;          /* the shown account's, or app_settings */
  GSettings           *app_settings;
  GSimpleActionGroup  *actions;
  GtkColumnView       *column_view;
  GtkSorter           *view_sorter;
  GtkColumnViewColumn *columns[RT_N_COLUMNS];
  GPtrArray           *probes;           /* tokens to read the sort with; see read_sort() */
  guint                update_source;
  int                  width;
  int                  needed[RT_N_COLUMNS];   /* 0: not measured yet */
  int                  natural[RT_N_COLUMNS];
  int                  fixed[RT_N_COLUMNS];    /* the fixed width set here, or -1 */
  int                  actions_width;
  guint                user_sized;             /* bit per column, resized by the user */
  guint                admin : 1;
};

G_DEFINE_FINAL_TYPE (RtColumnSettings, rt_column_settings, G_TYPE_OBJECT)

typedef struct
{
  const char *id;          /* in GSettings and in the column actions */
  int         priority;    /* 0 first; the highest is dropped first when narrow */
  gboolean    admin_only;
} ColumnInfo;

/* By what tells tokens apart: the name, whether it works, what it pulls. */
static const ColumnInfo column_info[RT_N_COLUMNS] = {
  [RT_COLUMN_NAME]        = { "name",        0, FALSE },
  [RT_COLUMN_STATUS]      = { "status",      1, FALSE },
  [RT_COLUMN_PRODUCTS]    = { "products",    2, FALSE },
  [RT_COLUMN_END_DATE]    = { "end-date",    3, FALSE },
  [RT_COLUMN_CREATED_ON]  = { "created-on",  4, FALSE },
  [RT_COLUMN_LAST_USED]   = { "last-used",   5, FALSE },
  [RT_COLUMN_CREATED_FOR] = { "created-for", 6, TRUE },
  [RT_COLUMN_CREATED_BY]  = { "created-by",  7, TRUE },
  [RT_COLUMN_TYPE]        = { "type",        8, TRUE },
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

/* The width @column takes in the layout: the user's, or the one it needs. */
static int
get_width (RtColumnSettings *self,
           RtColumn          column)
{
  if (self->user_sized & (1u << column))
    return gtk_column_view_column_get_fixed_width (self->columns[column]);

  return self->needed[column];
}

static void
set_fixed_width (RtColumnSettings *self,
                 RtColumn          column,
                 int               width)
{
  if (self->user_sized & (1u << column))
    return;

  self->fixed[column] = width;
  gtk_column_view_column_set_fixed_width (self->columns[column], width);
}

static void
update_columns (RtColumnSettings *self)
{
  g_auto(GStrv) wanted = g_settings_get_strv (self->settings, "visible-columns");
  /* Before the first allocation and measure, the width is unknown: show
   * everything the user wants rather than flashing a narrow layout. */
  gboolean measured = self->width > 0 && self->needed[RT_COLUMN_NAME] > 0;
  gboolean full = FALSE;
  int budget = self->actions_width + get_width (self, RT_COLUMN_NAME);
  int used = budget;
  gboolean shown[RT_N_COLUMNS] = { FALSE, };

  for (int priority = 0; priority < RT_N_COLUMNS; priority++)
    {
      for (guint i = 0; i < RT_N_COLUMNS; i++)
        {
          gboolean wants;
          gboolean allowed;
          GAction *action;

          if (column_info[i].priority != priority)
            continue;

          wants = i == RT_COLUMN_NAME ||
                  g_strv_contains ((const char * const *) wanted, column_info[i].id);
          allowed = !column_info[i].admin_only || self->admin;
          shown[i] = wants && allowed;

          /* Once one does not fit, the ones after it go too, so that what
           * shows follows the priorities rather than the widths. An
           * expanding column (products) has its whole content before any
           * column after it, or is the last one shown. */
          if (shown[i] && measured && i != RT_COLUMN_NAME)
            {
              int width = get_width (self, i);
              int natural = MAX (width, self->natural[i]);

              if (full || budget + width > self->width)
                {
                  full = TRUE;
                  shown[i] = FALSE;
                }
              else if (gtk_column_view_column_get_expand (self->columns[i]) &&
                       !(self->user_sized & (1u << i)))
                {
                  full = budget + natural > self->width;
                  budget += natural;
                }
              else
                budget += width;
            }

          /* The menu shows the user's choice, whatever the width. */
          action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), column_info[i].id);
          if (action != NULL)
            {
              g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (wants));
              g_simple_action_set_enabled (G_SIMPLE_ACTION (action), allowed);
            }
        }
    }

  for (guint i = 0; i < RT_N_COLUMNS; i++)
    {
      if (i != RT_COLUMN_NAME && shown[i])
        used += get_width (self, i);
    }

  for (int priority = 0; priority < RT_N_COLUMNS; priority++)
    {
      for (guint i = 0; i < RT_N_COLUMNS; i++)
        {
          int width = self->needed[i];

          if (column_info[i].priority != priority || !measured || !shown[i])
            continue;

          /* Too narrow even for the name alone: it gives way, ellipsized. */
          if (i == RT_COLUMN_NAME && used > self->width)
            width = MAX (self->width - self->actions_width, 0);
          else if (!(self->user_sized & (1u << i)) && self->natural[i] > width && used < self->width)
            {
              int more = MIN (self->natural[i] - width, self->width - used);

              width += more;
              used += more;
            }
          set_fixed_width (self, i, width);
        }
    }

  for (guint i = 0; i < RT_N_COLUMNS; i++)
    gtk_column_view_column_set_visible (self->columns[i], shown[i]);
}

static gboolean
update_columns_idle (gpointer user_data)
{
  RtColumnSettings *self = user_data;

  self->update_source = 0;
  update_columns (self);

  return G_SOURCE_REMOVE;
}

/* Visibility and widths change in an idle: never inside an allocation. */
static void
queue_update (RtColumnSettings *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_columns_idle, self, NULL);
}

/* A fixed width that is not the one set here comes from the user dragging
 * the header's edge; -1 from a double click there, which gives the column
 * back to the layout. */
static void
fixed_width_changed_cb (GtkColumnViewColumn *column,
                        GParamSpec          *pspec,
                        RtColumnSettings    *self)
{
  int width = gtk_column_view_column_get_fixed_width (column);

  for (guint i = 0; i < RT_N_COLUMNS; i++)
    {
      if (self->columns[i] != column || width == self->fixed[i])
        continue;

      if (width < 0)
        self->user_sized &= ~(1u << i);
      else
        self->user_sized |= 1u << i;
      queue_update (self);
    }
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
  g_clear_object (&self->app_settings);
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
  self->app_settings = g_settings_new (APPLICATION_ID);
  self->settings = g_object_ref (self->app_settings);
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
    {
      self->columns[i] = g_object_ref (columns[i]);
      self->fixed[i] = gtk_column_view_column_get_fixed_width (columns[i]);
      g_signal_connect_object (columns[i], "notify::fixed-width",
                               G_CALLBACK (fixed_width_changed_cb), self, 0);
    }

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

/**
 * rt_column_settings_set_settings:
 * @settings: (nullable): where the visible columns and the sort are kept
 *   (the keys of the app's schema, also in its Account schema); %NULL for
 *   the app's own
 *
 * Shows the columns and the sort kept there, and keeps the user's changes
 * there from now on: each account has its own table.
 */
void
rt_column_settings_set_settings (RtColumnSettings *self,
                                 GSettings        *settings)
{
  g_return_if_fail (RT_IS_COLUMN_SETTINGS (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (settings == NULL)
    settings = self->app_settings;

  if (self->settings == settings)
    return;

  g_signal_handlers_disconnect_by_func (self->settings, update_columns, self);
  g_set_object (&self->settings, settings);
  g_signal_connect_object (self->settings, "changed::visible-columns",
                           G_CALLBACK (update_columns), self,
                           G_CONNECT_SWAPPED);
  update_columns (self);
  restore_sort (self);
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
  queue_update (self);
}

/**
 * rt_column_settings_set_widths:
 * @needed: the width each column needs for its content, in #RtColumn order
 * @natural: the width each column would like, when there is room
 * @actions_width: the width of the row menu column, always shown at the end
 *
 * Applied in an idle, like the table's width.
 */
void
rt_column_settings_set_widths (RtColumnSettings *self,
                               const int         needed[RT_N_COLUMNS],
                               const int         natural[RT_N_COLUMNS],
                               int               actions_width)
{
  g_return_if_fail (RT_IS_COLUMN_SETTINGS (self));

  if (memcmp (self->needed, needed, sizeof self->needed) == 0 &&
      memcmp (self->natural, natural, sizeof self->natural) == 0 &&
      self->actions_width == actions_width)
    return;

  memcpy (self->needed, needed, sizeof self->needed);
  memcpy (self->natural, natural, sizeof self->natural);
  self->actions_width = actions_width;
  queue_update (self);
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
