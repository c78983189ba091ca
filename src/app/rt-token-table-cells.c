/* rt-token-table-cells.c: the token table's cells, made and bound in code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-cell-label.h"
#include "rt-clock.h"
#include "rt-format.h"
#include "rt-status-badge.h"
#include "rt-token-actions-cell.h"
#include "rt-token-name-cell.h"
#include "rt-token-table-private.h"

/* GTK 4.8's list views make a row for each of the 200-odd items around the
 * one in view, with a cell for every column, shown or not, and drop them
 * whenever their items leave the model, as a search does with most of them.
 * A GtkBuilderListItemFactory builds each cell with a GtkBuilder, and binds
 * each property with an expression watch, torn down again with the row:
 * that was half of the main thread's work to show 1,000 tokens, and most of
 * a search's. Here a cell is made with its constructor, bound by setting its
 * item, and follows the token with one "notify" handler (RtCellLabel,
 * RtTokenNameCell, RtTokenActionsCell; the status badge's here). */

/* Texts {{{ */

/* Each takes a token (an RtCellLabelFormatFunc), but the ones shared with
 * the column widths, the export and the Type column's sorter, which take a
 * closure's arguments: "this" (unused), the value, the user data (unused). */

char *
_rt_token_table_end_date_text (gpointer     this,
                               const GDate *end_date,
                               gpointer     user_data)
{
  if (end_date == NULL || !g_date_valid (end_date))
    return g_strdup (C_("subscription end date", "None"));

  return rt_format_date (end_date);
}

static char *
end_date_tooltip (gpointer token)
{
  int days_left = rt_token_get_days_left (token);

  if (days_left == RT_TOKEN_DAYS_LEFT_NONE)
    return g_strdup (_("No active subscription covers the token’s products"));

  return rt_format_relative_days (days_left);
}

static char *
created_on_text (gpointer token)
{
  GDateTime *created_at = rt_token_get_created_at (token);
  g_autoptr(GTimeZone) local = NULL;

  if (created_at == NULL)
    return g_strdup ("");

  local = g_time_zone_new_local ();

  return rt_format_date_time (created_at, local);
}

static char *
created_on_tooltip (gpointer token)
{
  GDateTime *created_at = rt_token_get_created_at (token);
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (created_at == NULL)
    return NULL;

  local = g_time_zone_new_local ();
  now = rt_clock_now_utc ();

  return rt_format_relative_date_time (created_at, now, local);
}

char *
_rt_token_table_last_used_text (gpointer   this,
                                GDateTime *last_used_at,
                                gpointer   user_data)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (last_used_at == NULL)
    return g_strdup (C_("last used", "Never"));

  local = g_time_zone_new_local ();
  now = rt_clock_now_utc ();

  return rt_format_time_ago (last_used_at, now, local);
}

static char *
last_used_tooltip (gpointer token)
{
  GDateTime *last_used_at = rt_token_get_last_used_at (token);
  g_autoptr(GTimeZone) local = NULL;
  g_autofree char *exact = NULL;

  if (last_used_at == NULL)
    return g_strdup (_("No registry login with this token yet"));

  local = g_time_zone_new_local ();
  exact = rt_format_exact_date_time (last_used_at, local);
  /* Translators: %s is a date and time such as "Nov 18, 2026, 14:05" */
  return g_strdup_printf (_("Last registry login: %s"), exact);
}

char *
_rt_token_table_products_text (gpointer    this,
                               const char *products_label,
                               gpointer    user_data)
{
  if (products_label == NULL || products_label[0] == '\0')
    return g_strdup (C_("products", "None"));

  return g_strdup (products_label);
}

/* One product a line, with its version. */
static char *
products_tooltip (gpointer token)
{
  g_autoptr(GString) tooltip = NULL;
  GListModel *products;
  guint n_products;

  products = rt_token_get_products (token);
  n_products = g_list_model_get_n_items (products);
  if (n_products == 0)
    return g_strdup (_("The token can pull no products"));

  tooltip = g_string_new (NULL);
  for (guint i = 0; i < n_products; i++)
    {
      g_autoptr(RtProduct) product = g_list_model_get_item (products, i);

      if (i > 0)
        g_string_append_c (tooltip, '\n');
      /* Translators: a product and its version in a tooltip, e.g. "Vision Kit 3.0" */
      g_string_append_printf (tooltip, C_("product with version", "%s %s"),
                              rt_product_get_name (product),
                              rt_product_get_version (product));
    }

  return g_string_free (g_steal_pointer (&tooltip), FALSE);
}

static char *
status_tooltip (RtToken *token)
{
  int days_left = rt_token_get_days_left (token);
  g_autofree char *relative = NULL;

  if (rt_token_get_status (token) == RT_TOKEN_STATUS_EXPIRED || days_left == RT_TOKEN_DAYS_LEFT_NONE)
    return g_strdup (_("No active subscription covers the token’s products: it can pull nothing"));

  relative = rt_format_relative_days (days_left);
  /* Translators: %s is a relative date such as "in 12 days" or "today" */
  return g_strdup_printf (_("The subscription ends %s"), relative);
}

/* Also the Type column's sort key: it sorts by the text shown. */
char *
_rt_token_table_type_label (gpointer     this,
                            RtTokenType  token_type,
                            gpointer     user_data)
{
  switch (token_type)
    {
    case RT_TOKEN_TYPE_SERVICE:
      return g_strdup (C_("token type", "Service"));
    case RT_TOKEN_TYPE_USER:
    default:
      return g_strdup (C_("token type", "User"));
    }
}

/* }}} */
/* Dropped cells {{{ */

/* A search drops the rows of every item it hides: 200-odd rows at once,
 * each with a cell for every column. GTK 4.8 unparents them in its
 * items-changed handler; the table keeps a reference on each cell it made
 * (cell_keep_quark(), on the list item) and lets go of it here, a few
 * milliseconds' worth an idle, after the frame that shows the result. The
 * cells are unbound by then, so they hold no token. */
#define DROP_BUDGET_US 3000

static GQueue dropped_cells = G_QUEUE_INIT;
static guint drop_source;

static gboolean
drop_cells_cb (gpointer user_data)
{
  gint64 deadline = g_get_monotonic_time () + DROP_BUDGET_US;

  while (!g_queue_is_empty (&dropped_cells))
    {
      g_object_unref (g_queue_pop_head (&dropped_cells));
      if (g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }

  drop_source = 0;

  return G_SOURCE_REMOVE;
}

static void
drop_cell_later (gpointer cell)
{
  g_queue_push_tail (&dropped_cells, cell);
  if (drop_source == 0)
    {
      drop_source = g_idle_add_full (G_PRIORITY_LOW, drop_cells_cb, NULL, NULL);
      g_source_set_name_by_id (drop_source, "[rt] drop table cells");
    }
}

/* }}} */
/* Cells {{{ */

typedef struct
{
  const char        *id;        /* the column's, for tests (_rt_token_table_get_cell_column()) */
  gboolean           tabular;
  RtCellLabelFormat  format;
} LabelColumn;

static char *
end_date_cell_text (gpointer token)
{
  return _rt_token_table_end_date_text (NULL, rt_token_get_subscription_end_date (token), NULL);
}

static char *
products_cell_text (gpointer token)
{
  return _rt_token_table_products_text (NULL, rt_token_get_products_label (token), NULL);
}

static char *
last_used_cell_text (gpointer token)
{
  return _rt_token_table_last_used_text (NULL, rt_token_get_last_used_at (token), NULL);
}

static char *
type_cell_text (gpointer token)
{
  return _rt_token_table_type_label (NULL, rt_token_get_token_type (token), NULL);
}

static char *
created_for_cell_text (gpointer token)
{
  return g_strdup (rt_token_get_created_for (token));
}

static char *
created_by_cell_text (gpointer token)
{
  return g_strdup (rt_token_get_created_by (token));
}

static const LabelColumn end_date_column = {
  "end-date", TRUE,
  { end_date_cell_text, end_date_tooltip, { "subscription-end-date", "days-left", NULL } },
};
static const LabelColumn products_column = {
  "products", FALSE,
  { products_cell_text, products_tooltip, { "products-label", "products", NULL } },
};
static const LabelColumn created_on_column = {
  "created-on", TRUE,
  { created_on_text, created_on_tooltip, { "created-at", NULL } },
};
static const LabelColumn last_used_column = {
  "last-used", TRUE,
  { last_used_cell_text, last_used_tooltip, { "last-used-at", NULL } },
};
static const LabelColumn type_column = {
  "type", FALSE,
  { type_cell_text, NULL, { "token-type", NULL } },
};
static const LabelColumn created_for_column = {
  "created-for", FALSE,
  { created_for_cell_text, created_for_cell_text, { "created-for", NULL } },
};
static const LabelColumn created_by_column = {
  "created-by", FALSE,
  { created_by_cell_text, created_by_cell_text, { "created-by", NULL } },
};

static GQuark
cell_column_quark (void)
{
  return g_quark_from_static_string ("rt-token-table-cell-column");
}

static GQuark
cell_keep_quark (void)
{
  return g_quark_from_static_string ("rt-token-table-cell-keep");
}

static void
set_cell (GtkListItem *list_item,
          GtkWidget   *cell,
          const char  *column_id)
{
  g_object_set_qdata (G_OBJECT (cell), cell_column_quark (), (gpointer) column_id);
  gtk_list_item_set_child (list_item, cell);
  g_object_set_qdata_full (G_OBJECT (list_item), cell_keep_quark (), g_object_ref (cell), drop_cell_later);
}

static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                const LabelColumn        *column)
{
  GtkWidget *label = rt_cell_label_new ();

  rt_cell_label_set_tabular (RT_CELL_LABEL (label), column->tabular);
  set_cell (list_item, label, column->id);
}

static void
label_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               const LabelColumn        *column)
{
  rt_cell_label_bind (RT_CELL_LABEL (gtk_list_item_get_child (list_item)),
                      gtk_list_item_get_item (list_item), &column->format);
}

static void
label_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 const LabelColumn        *column)
{
  rt_cell_label_unbind (RT_CELL_LABEL (gtk_list_item_get_child (list_item)));
}

static GtkListItemFactory *
label_factory_new (const LabelColumn *column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), (gpointer) column);
  g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), (gpointer) column);
  g_signal_connect (factory, "unbind", G_CALLBACK (label_unbind_cb), (gpointer) column);

  return factory;
}

static void
name_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkWidget *cell = rt_token_name_cell_new ();

  rt_token_name_cell_set_list_item (RT_TOKEN_NAME_CELL (cell), list_item);
  set_cell (list_item, cell, "name");
}

static void
name_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  rt_token_name_cell_set_token (RT_TOKEN_NAME_CELL (gtk_list_item_get_child (list_item)),
                                gtk_list_item_get_item (list_item));
}

static void
name_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  rt_token_name_cell_set_token (RT_TOKEN_NAME_CELL (gtk_list_item_get_child (list_item)), NULL);
}

static void
update_status (RtStatusBadge *badge,
               RtToken       *token)
{
  g_autofree char *tooltip = status_tooltip (token);

  rt_status_badge_set_status (badge, rt_token_get_status (token));
  rt_status_badge_set_expiring_soon (badge, rt_token_get_expiring_soon (token));
  rt_status_badge_set_tooltip (badge, tooltip);
}

static void
status_notify_cb (RtToken       *token,
                  GParamSpec    *pspec,
                  RtStatusBadge *badge)
{
  if (g_str_equal (pspec->name, "status") ||
      g_str_equal (pspec->name, "expiring-soon") ||
      g_str_equal (pspec->name, "days-left"))
    update_status (badge, token);
}

static void
status_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  GtkWidget *badge = rt_status_badge_new ();

  gtk_widget_set_halign (badge, GTK_ALIGN_START);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  set_cell (list_item, badge, "status");
}

static void
status_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  GtkWidget *badge = gtk_list_item_get_child (list_item);
  RtToken *token = gtk_list_item_get_item (list_item);

  update_status (RT_STATUS_BADGE (badge), token);
  /* The list item holds the token for as long as it is bound. */
  g_signal_connect (token, "notify", G_CALLBACK (status_notify_cb), badge);
}

static void
status_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item),
                                        status_notify_cb, gtk_list_item_get_child (list_item));
}

static void
actions_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  set_cell (list_item, rt_token_actions_cell_new (), "actions");
}

static void
actions_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  rt_token_actions_cell_set_token (RT_TOKEN_ACTIONS_CELL (gtk_list_item_get_child (list_item)),
                                   gtk_list_item_get_item (list_item));
}

static void
actions_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  rt_token_actions_cell_set_token (RT_TOKEN_ACTIONS_CELL (gtk_list_item_get_child (list_item)), NULL);
}

static GtkListItemFactory *
factory_new (GCallback setup,
             GCallback bind,
             GCallback unbind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, NULL);
  g_signal_connect (factory, "unbind", unbind, NULL);

  return factory;
}

static void
set_factory (GtkColumnViewColumn *column,
             GtkListItemFactory  *factory)
{
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);
}

/**
 * _rt_token_table_set_up_cells:
 *
 * Gives each column its cells.
 */
void
_rt_token_table_set_up_cells (RtTokenTable *self)
{
  set_factory (self->name_column,
               factory_new (G_CALLBACK (name_setup_cb), G_CALLBACK (name_bind_cb),
                            G_CALLBACK (name_unbind_cb)));
  set_factory (self->end_date_column, label_factory_new (&end_date_column));
  set_factory (self->products_column, label_factory_new (&products_column));
  set_factory (self->created_on_column, label_factory_new (&created_on_column));
  set_factory (self->last_used_column, label_factory_new (&last_used_column));
  set_factory (self->status_column,
               factory_new (G_CALLBACK (status_setup_cb), G_CALLBACK (status_bind_cb),
                            G_CALLBACK (status_unbind_cb)));
  set_factory (self->type_column, label_factory_new (&type_column));
  set_factory (self->created_for_column, label_factory_new (&created_for_column));
  set_factory (self->created_by_column, label_factory_new (&created_by_column));
  set_factory (self->actions_column,
               factory_new (G_CALLBACK (actions_setup_cb), G_CALLBACK (actions_bind_cb),
                            G_CALLBACK (actions_unbind_cb)));
}

/**
 * _rt_token_table_get_cell_column:
 * @cell: a widget
 *
 * Returns: (nullable): the column @cell is a cell of, as the column
 *   settings name it ("name", "end-date", …, and "actions"), or %NULL if
 *   it is no table cell
 */
const char *
_rt_token_table_get_cell_column (GtkWidget *cell)
{
  g_return_val_if_fail (GTK_IS_WIDGET (cell), NULL);

  return g_object_get_qdata (G_OBJECT (cell), cell_column_quark ());
}

/* }}} */
