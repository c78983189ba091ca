/* rt-token-table.c: the tokens in a sortable, searchable GtkColumnView
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-cell-label.h"
#include "rt-clock.h"
#include "rt-column-settings.h"
#include "rt-format.h"
#include "rt-status-badge.h"
#include "rt-token-actions-cell.h"
#include "rt-token-name-cell.h"
#include "rt-token-search.h"
#include "rt-token-table-private.h"

/* The model chain, the columns and their sorters are declared in
 * rt-token-table.ui: model → GtkSortListModel (the column view's sorter)
 * → RtPacedList (a long list's first rows a few at a time) →
 * RtFilterList (RtTokenSearch and RtTokenFilter; it keeps the rows of the
 * tokens a new search still shows, and lets many rows back a few at a
 * time) → GtkMultiSelection. The cells are made and bound in code
 * (rt-token-table-cells.c), each following its token as it changes. Which
 * columns show, and the sort, are RtColumnSettings' business. */

G_DEFINE_FINAL_TYPE (RtTokenTable, rt_token_table, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SEARCH_TEXT,
  PROP_ADMIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Sort keys, used by the sorters in the .ui {{{ */

/* Soonest first, and tokens with no end date after every other. */
static int
end_date_sort_key (gpointer item,
                   int      days_left,
                   gpointer user_data)
{
  return days_left == RT_TOKEN_DAYS_LEFT_NONE ? G_MAXINT : days_left;
}

static gint64
created_on_sort_key (gpointer   item,
                     GDateTime *created_at,
                     gpointer   user_data)
{
  return created_at != NULL ? g_date_time_to_unix (created_at) : G_MININT64;
}

/* Never used sorts as the oldest. */
static gint64
last_used_sort_key (gpointer   item,
                    GDateTime *last_used_at,
                    gpointer   user_data)
{
  return last_used_at != NULL ? g_date_time_to_unix (last_used_at) : G_MININT64;
}

static int
status_sort_key (gpointer      item,
                 RtTokenStatus status,
                 gboolean      expiring_soon,
                 gpointer      user_data)
{
  if (status == RT_TOKEN_STATUS_EXPIRED)
    return 2;
  return expiring_soon ? 1 : 0;
}

/* }}} */
/* The filter menu {{{ */

static GMenuItem *
new_choice (const char *label,
            const char *action,
            const char *target)
{
  GMenuItem *item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, action, target != NULL ? "s" : NULL, target);

  return item;
}

static void
append_choice (GMenu      *section,
               const char *label,
               const char *action,
               const char *target)
{
  g_autoptr(GMenuItem) item = new_choice (label, action, target);

  g_menu_append_item (section, item);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* The creators of the tokens, each once, by name, and the one chosen even
 * when none of its tokens is left. */
static GPtrArray *
collect_creators (RtTokenTable *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *creators = g_ptr_array_new ();
  const char *chosen = rt_token_filter_get_created_by (self->token_filter);
  guint n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  GList *keys;

  if (chosen != NULL)
    g_hash_table_add (seen, (gpointer) chosen);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (self->model, i);
      const char *created_by = rt_token_get_created_by (token);

      /* The string stays alive with the model's token. */
      if (created_by != NULL && created_by[0] != '\0')
        g_hash_table_add (seen, (gpointer) created_by);
    }

  keys = g_hash_table_get_keys (seen);
  for (GList *l = keys; l != NULL; l = l->next)
    g_ptr_array_add (creators, l->data);
  g_list_free (keys);
  g_ptr_array_sort (creators, compare_names);

  return creators;
}

/* Status for everyone; type and creator for admins, who see every
 * member's tokens. */
static void
build_filter_menu (RtTokenTable *self)
{
  g_autoptr(GMenu) status = g_menu_new ();
  g_autoptr(GMenu) clear = g_menu_new ();

  g_menu_remove_all (self->filter_menu);

  append_choice (status, C_("token status", "Active"), "filter.status-active", NULL);
  append_choice (status, C_("token status", "Expiring Soon"), "filter.status-expiring-soon", NULL);
  append_choice (status, C_("token status", "Expired"), "filter.status-expired", NULL);
  g_menu_append_section (self->filter_menu, C_("filter", "Status"), G_MENU_MODEL (status));

  if (self->admin)
    {
      g_autoptr(GMenu) type = g_menu_new ();
      g_autoptr(GMenu) created_by = g_menu_new ();
      g_autoptr(GPtrArray) creators = collect_creators (self);

      append_choice (type, C_("filter", "Any Type"), "filter.type", "");
      append_choice (type, C_("token type", "User"), "filter.type", "user");
      append_choice (type, C_("token type", "Service"), "filter.type", "service");
      g_menu_append_section (self->filter_menu, C_("filter", "Type"), G_MENU_MODEL (type));

      append_choice (created_by, C_("filter", "Anyone"), "filter.created-by", "");
      for (guint i = 0; i < creators->len; i++)
        append_choice (created_by, g_ptr_array_index (creators, i), "filter.created-by",
                       g_ptr_array_index (creators, i));
      g_menu_append_section (self->filter_menu, C_("filter", "Created By"), G_MENU_MODEL (created_by));
    }

  append_choice (clear, _("_Clear Filters"), "filter.clear", NULL);
  g_menu_append_section (self->filter_menu, NULL, G_MENU_MODEL (clear));
}

/* Tokens updated in place keep their place in the filter model: after a
 * refresh, the filter looks at them again. */
static void
model_loading_changed_cb (RtTokenTable *self)
{
  gboolean loading = FALSE;

  g_object_get (self->model, "loading", &loading, NULL);
  if (!loading)
    rt_token_filter_refilter (self->token_filter);
}

/* }}} */
/* GtkWidget {{{ */

static void
rt_token_table_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  RtTokenTable *self = RT_TOKEN_TABLE (widget);

  gtk_widget_measure (GTK_WIDGET (self->scrolled_window), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* One Tab stop: Tab leaves the table from any row, where the column view
 * would go to the next row; the arrows move between rows. (The context
 * menu, the other child, keeps its own.) */
static gboolean
rt_token_table_focus (GtkWidget        *widget,
                      GtkDirectionType  direction)
{
  RtTokenTable *self = RT_TOKEN_TABLE (widget);

  if ((direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD) &&
      gtk_widget_get_focus_child (widget) == GTK_WIDGET (self->scrolled_window))
    return FALSE;

  return GTK_WIDGET_CLASS (rt_token_table_parent_class)->focus (widget, direction);
}

static void
rt_token_table_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  RtTokenTable *self = RT_TOKEN_TABLE (widget);

  gtk_widget_allocate (GTK_WIDGET (self->scrolled_window), width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->context_menu));
  if (!self->measured)
    _rt_token_table_queue_measure (self);
  rt_column_settings_set_width (self->column_settings, width);
}

static void
rt_token_table_dispose (GObject *object)
{
  RtTokenTable *self = RT_TOKEN_TABLE (object);

  g_clear_handle_id (&self->measure_source, g_source_remove);
  if (self->model != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->model, _rt_token_table_items_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->model, model_loading_changed_cb, self);
    }

  /* Before the column view goes: disposing it removes its columns from its
   * sorter, and that is not the user choosing another sort. */
  g_clear_object (&self->column_settings);

  _rt_token_table_dispose_menu (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RT_TYPE_TOKEN_TABLE);

  g_clear_object (&self->model);
  g_clear_object (&self->filter_menu);

  G_OBJECT_CLASS (rt_token_table_parent_class)->dispose (object);
}

static void
rt_token_table_finalize (GObject *object)
{
  RtTokenTable *self = RT_TOKEN_TABLE (object);

  g_clear_pointer (&self->search_text, g_free);
  _rt_token_table_clear_longest (self);

  G_OBJECT_CLASS (rt_token_table_parent_class)->finalize (object);
}

static void
rt_token_table_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RtTokenTable *self = RT_TOKEN_TABLE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;

    case PROP_ADMIN:
      g_value_set_boolean (value, self->admin);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_table_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RtTokenTable *self = RT_TOKEN_TABLE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      rt_token_table_set_model (self, g_value_get_object (value));
      break;

    case PROP_SEARCH_TEXT:
      rt_token_table_set_search_text (self, g_value_get_string (value));
      break;

    case PROP_ADMIN:
      rt_token_table_set_admin (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_table_class_init (RtTokenTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rt_token_table_dispose;
  object_class->finalize = rt_token_table_finalize;
  object_class->get_property = rt_token_table_get_property;
  object_class->set_property = rt_token_table_set_property;

  widget_class->measure = rt_token_table_measure;
  widget_class->size_allocate = rt_token_table_size_allocate;
  widget_class->focus = rt_token_table_focus;

  /**
   * RtTokenTable:model:
   *
   * The tokens to show, a list of RtToken.
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtTokenTable:search-text:
   *
   * Only tokens whose name or product names contain it are shown.
   */
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtTokenTable:admin:
   *
   * Whether the admin-only columns (Type, Created For, Created By) may be
   * shown.
   */
  properties[PROP_ADMIN] =
    g_param_spec_boolean ("admin", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RT_TYPE_TOKEN);
  g_type_ensure (RT_TYPE_TOKEN_FILTER);
  g_type_ensure (RT_TYPE_TOKEN_SEARCH);
  g_type_ensure (RT_TYPE_FILTER_LIST);
  g_type_ensure (RT_TYPE_CELL_LABEL);
  g_type_ensure (RT_TYPE_PACED_LIST);
  g_type_ensure (RT_TYPE_STATUS_BADGE);
  g_type_ensure (RT_TYPE_TOKEN_ACTIONS_CELL);
  g_type_ensure (RT_TYPE_TOKEN_NAME_CELL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regtokens/RegistryTokens/rt-token-table.ui");
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, selection);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, filter_model);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, token_filter);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, sort_model);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, paced_model);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, column_menu);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, name_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, end_date_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, products_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, created_on_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, last_used_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, status_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, type_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, created_for_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, created_by_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, actions_column);

  gtk_widget_class_bind_template_callback (widget_class, last_used_sort_key);
  gtk_widget_class_bind_template_callback (widget_class, end_date_sort_key);
  gtk_widget_class_bind_template_callback (widget_class, created_on_sort_key);
  gtk_widget_class_bind_template_callback (widget_class, status_sort_key);
  gtk_widget_class_bind_template_callback_full (widget_class, "type_label",
                                                G_CALLBACK (_rt_token_table_type_label));

  _rt_token_table_class_init_menu (widget_class);
}

/* Tells the filter where the view is and how many rows it shows: GTK keeps
 * rows from there on, which many items leaving the list at once would drop
 * in one go. Rows are as high as each other. */
static void
view_moved_cb (GtkAdjustment *adjustment,
               RtTokenTable  *self)
{
  double upper = gtk_adjustment_get_upper (adjustment);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint top = 0;
  guint n_in_view = 0;

  if (upper > 0)
    {
      top = (guint) (gtk_adjustment_get_value (adjustment) / upper * n_items);
      /* And two more, for rows cut at the top and at the bottom. */
      n_in_view = (guint) (gtk_adjustment_get_page_size (adjustment) / upper * n_items) + 2;
    }
  rt_filter_list_set_view (self->filter_model, top, n_in_view);
}

static void
rt_token_table_init (RtTokenTable *self)
{
  GtkColumnViewColumn **columns = self->columns;

  gtk_widget_init_template (GTK_WIDGET (self));
  _rt_token_table_set_up_cells (self);

  columns[RT_COLUMN_NAME] = self->name_column;
  columns[RT_COLUMN_END_DATE] = self->end_date_column;
  columns[RT_COLUMN_PRODUCTS] = self->products_column;
  columns[RT_COLUMN_CREATED_ON] = self->created_on_column;
  columns[RT_COLUMN_LAST_USED] = self->last_used_column;
  columns[RT_COLUMN_STATUS] = self->status_column;
  columns[RT_COLUMN_TYPE] = self->type_column;
  columns[RT_COLUMN_CREATED_FOR] = self->created_for_column;
  columns[RT_COLUMN_CREATED_BY] = self->created_by_column;
  self->column_settings = rt_column_settings_new (self->column_view, columns);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns",
                                  rt_column_settings_get_actions (self->column_settings));
  _rt_token_table_ellipsize_titles (self);
  self->filter_menu = g_menu_new ();
  build_filter_menu (self);
  /* The text scale and the font change what the columns need. */
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-xft-dpi",
                           G_CALLBACK (_rt_token_table_queue_measure), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-font-name",
                           G_CALLBACK (_rt_token_table_queue_measure), self, G_CONNECT_SWAPPED);
  _rt_token_table_init_menu (self);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window), "value-changed",
                           G_CALLBACK (view_moved_cb), self, 0);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window), "changed",
                           G_CALLBACK (view_moved_cb), self, 0);
}

/* }}} */
/* Public API {{{ */

/* The position of the one selected row; none if several are. */
guint
_rt_token_table_get_only_selected (RtTokenTable *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (gtk_bitset_get_size (selected) != 1)
    return GTK_INVALID_LIST_POSITION;

  return gtk_bitset_get_minimum (selected);
}


/**
 * rt_token_table_get_model:
 *
 * Returns: (transfer none) (nullable): the tokens shown
 */
GListModel *
rt_token_table_get_model (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  return self->model;
}

void
rt_token_table_set_model (RtTokenTable *self,
                          GListModel   *model)
{
  g_return_if_fail (RT_IS_TOKEN_TABLE (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->model, _rt_token_table_items_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->model, model_loading_changed_cb, self);
    }
  g_set_object (&self->model, model);
  /* Not the search's filter model: widths hold while searching. */
  if (model != NULL)
    g_signal_connect_swapped (model, "items-changed", G_CALLBACK (_rt_token_table_items_changed_cb), self);
  if (model != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (model), "loading") != NULL)
    g_signal_connect_swapped (model, "notify::loading", G_CALLBACK (model_loading_changed_cb), self);
  self->rescan = TRUE;
  _rt_token_table_queue_measure (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * rt_token_table_get_caught_up:
 *
 * Whether the table has let in every token of its model: for a moment after
 * many arrive it has not (#RtPacedList), and a table that shows no row then
 * is not one without results.
 *
 * Returns: %TRUE once every token of the model is in the table's models
 */
gboolean
rt_token_table_get_caught_up (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), FALSE);

  return rt_paced_list_get_caught_up (self->paced_model);
}

/**
 * rt_token_table_set_view_settings:
 * @settings: (nullable): the shown account's settings, whose visible columns
 *   and sort the table shows and keeps; %NULL for the app's
 */
void
rt_token_table_set_view_settings (RtTokenTable *self,
                                  GSettings    *settings)
{
  g_return_if_fail (RT_IS_TOKEN_TABLE (self));

  rt_column_settings_set_settings (self->column_settings, settings);
}

/**
 * rt_token_table_catch_up:
 *
 * Lets every token of the model that the search and the filter show in
 * now, for what acts on all of them.
 */
void
rt_token_table_catch_up (RtTokenTable *self)
{
  g_return_if_fail (RT_IS_TOKEN_TABLE (self));

  rt_paced_list_catch_up (self->paced_model);
  rt_filter_list_catch_up (self->filter_model);
}

const char *
rt_token_table_get_search_text (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  return self->search_text;
}

void
rt_token_table_set_search_text (RtTokenTable *self,
                                const char   *search_text)
{
  g_return_if_fail (RT_IS_TOKEN_TABLE (self));

  if (search_text != NULL && search_text[0] == '\0')
    search_text = NULL;

  if (g_strcmp0 (self->search_text, search_text) == 0)
    return;

  g_free (self->search_text);
  self->search_text = g_strdup (search_text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

gboolean
rt_token_table_get_admin (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), FALSE);

  return self->admin;
}

void
rt_token_table_set_admin (RtTokenTable *self,
                          gboolean      admin)
{
  g_return_if_fail (RT_IS_TOKEN_TABLE (self));

  admin = !!admin;
  if (self->admin == admin)
    return;

  self->admin = admin;
  rt_column_settings_set_admin (self->column_settings, admin);
  rt_token_filter_set_admin (self->token_filter, admin);
  build_filter_menu (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADMIN]);
}

/**
 * rt_token_table_get_column_view:
 *
 * Returns: (transfer none): the column view
 */
GtkColumnView *
rt_token_table_get_column_view (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  return self->column_view;
}

/**
 * rt_token_table_get_selection:
 *
 * Returns: (transfer none): the selection, the end of the model chain: the
 *   tokens shown, sorted and filtered
 */
GtkMultiSelection *
rt_token_table_get_selection (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  return self->selection;
}

/**
 * rt_token_table_get_filter_model:
 *
 * Returns: (transfer none): the search's filter model
 */
RtFilterList *
rt_token_table_get_filter_model (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  return self->filter_model;
}

/**
 * rt_token_table_get_selected_token:
 *
 * Returns: (transfer none) (nullable): the selected token, if one token
 *   alone is selected
 */
RtToken *
rt_token_table_get_selected_token (RtTokenTable *self)
{
  g_autoptr(RtToken) token = NULL;
  guint position;

  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  position = _rt_token_table_get_only_selected (self);
  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;

  /* The selection holds it. */
  token = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  return token;
}

/**
 * rt_token_table_get_selected_tokens:
 *
 * Returns: (transfer container) (element-type RtToken): the selected tokens
 *   shown, in the order shown
 */
GPtrArray *
rt_token_table_get_selected_tokens (RtTokenTable *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GPtrArray *tokens;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  tokens = g_ptr_array_new_with_free_func (g_object_unref);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (tokens, g_list_model_get_item (G_LIST_MODEL (self->selection), position));

  return tokens;
}

/**
 * rt_token_table_get_filter:
 *
 * Returns: (transfer none): the filter menu's filter
 */
RtTokenFilter *
rt_token_table_get_filter (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  return self->token_filter;
}

/**
 * rt_token_table_get_filtered:
 *
 * Returns: whether the search or the filter may hide tokens
 */
gboolean
rt_token_table_get_filtered (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), FALSE);

  return self->search_text != NULL || rt_token_filter_get_active (self->token_filter);
}

/**
 * rt_token_table_clear_filters:
 *
 * Clears the filter's choices; the search is the search bar's.
 */
void
rt_token_table_clear_filters (RtTokenTable *self)
{
  g_return_if_fail (RT_IS_TOKEN_TABLE (self));

  rt_token_filter_clear (self->token_filter);
}

/**
 * rt_token_table_get_filter_menu:
 *
 * Returns: (transfer none): the filter menu, whose actions are in the
 *   "filter" group of rt_token_filter_get_actions()
 */
GMenuModel *
rt_token_table_get_filter_menu (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  return G_MENU_MODEL (self->filter_menu);
}

/**
 * rt_token_table_update_filter_menu:
 *
 * Lists the current tokens' creators in the filter menu; call it as the
 * menu opens.
 */
void
rt_token_table_update_filter_menu (RtTokenTable *self)
{
  g_return_if_fail (RT_IS_TOKEN_TABLE (self));

  build_filter_menu (self);
}

/**
 * rt_token_table_get_column:
 * @id: a column id as in the visible-columns setting: "name", "end-date",
 *   "products", "created-on", "last-used", "status", "type", "created-for",
 *   "created-by"
 *
 * Returns: (transfer none) (nullable): the column
 */
GtkColumnViewColumn *
rt_token_table_get_column (RtTokenTable *self,
                           const char   *id)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  return rt_column_settings_lookup (self->column_settings, id);
}

/* }}} */
