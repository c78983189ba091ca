/* rt-token-table.c: the tokens in a sortable, searchable GtkColumnView
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-clock.h"
#include "rt-status-badge.h"
#include "rt-token-table.h"

/* The model chain, the columns and their sorters are declared in
 * rt-token-table.ui: model → GtkSortListModel (the column view's sorter) →
 * GtkFilterListModel (the search) → GtkSingleSelection. Cells bind to their
 * token with GtkExpressions on the GtkListItem, so they follow both a
 * rebind and a token that changes in place.
 *
 * A column is shown when the user wants it (GSettings visible-columns,
 * through the header menu's stateful actions), the role allows it (the
 * admin columns) and the table is wide enough for it. libadwaita 1.2 has no
 * breakpoints, so size_allocate() notes the width and an idle applies it:
 * changing what is visible inside an allocation is not allowed. */

#define COLUMN_ACTIONS_PREFIX "columns"

typedef enum
{
  COLUMN_NAME,
  COLUMN_END_DATE,
  COLUMN_PRODUCTS,
  COLUMN_CREATED_ON,
  COLUMN_STATUS,
  COLUMN_TYPE,
  COLUMN_CREATED_FOR,
  COLUMN_CREATED_BY,
  N_COLUMNS
} Column;

struct _RtTokenTable
{
  GtkWidget            parent_instance;

  GListModel          *model;
  char                *search_text;
  GSettings           *settings;
  GSimpleActionGroup  *column_actions;
  GtkPopoverMenu      *context_menu;
  GPtrArray           *name_cells;       /* the name cells' widgets, for pointing at rows */
  GPtrArray           *probes;           /* tokens to read the sort with; see read_sort() */
  guint                update_columns_source;
  int                  width;
  guint                admin : 1;

  /* Template objects */
  GtkScrolledWindow   *scrolled_window;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
  GtkFilterListModel  *filter_model;
  GtkSortListModel    *sort_model;
  GMenuModel          *column_menu;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *end_date_column;
  GtkColumnViewColumn *products_column;
  GtkColumnViewColumn *created_on_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *type_column;
  GtkColumnViewColumn *created_for_column;
  GtkColumnViewColumn *created_by_column;
  GtkColumnViewColumn *actions_column;
};

G_DEFINE_FINAL_TYPE (RtTokenTable, rt_token_table, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SEARCH_TEXT,
  PROP_ADMIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *id;          /* in GSettings and in the column actions */
  gsize       offset;      /* of the column in RtTokenTable */
  int         min_width;   /* the table is too narrow for it below this */
  gboolean    admin_only;
} ColumnInfo;

static const ColumnInfo column_info[N_COLUMNS] = {
  [COLUMN_NAME]        = { "name",        G_STRUCT_OFFSET (RtTokenTable, name_column),          0, FALSE },
  [COLUMN_END_DATE]    = { "end-date",    G_STRUCT_OFFSET (RtTokenTable, end_date_column),    440, FALSE },
  [COLUMN_PRODUCTS]    = { "products",    G_STRUCT_OFFSET (RtTokenTable, products_column),    720, FALSE },
  [COLUMN_CREATED_ON]  = { "created-on",  G_STRUCT_OFFSET (RtTokenTable, created_on_column),  560, FALSE },
  [COLUMN_STATUS]      = { "status",      G_STRUCT_OFFSET (RtTokenTable, status_column),        0, FALSE },
  [COLUMN_TYPE]        = { "type",        G_STRUCT_OFFSET (RtTokenTable, type_column),        900, TRUE },
  [COLUMN_CREATED_FOR] = { "created-for", G_STRUCT_OFFSET (RtTokenTable, created_for_column), 900, TRUE },
  [COLUMN_CREATED_BY]  = { "created-by",  G_STRUCT_OFFSET (RtTokenTable, created_by_column),  900, TRUE },
};

static GtkColumnViewColumn *
get_column (RtTokenTable *self,
            Column        column)
{
  return G_STRUCT_MEMBER (GtkColumnViewColumn *, self, column_info[column].offset);
}

static int
find_column (const char *id)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (g_strcmp0 (column_info[i].id, id) == 0)
        return (int) i;
    }

  return -1;
}

/* Formatting {{{ */

static char *
format_date_time (GDateTime *date_time)
{
  /* Translators: how the token table shows a date, in the codes of
   * g_date_time_format() (see https://docs.gtk.org/glib/method.DateTime.format.html);
   * "%b %-d, %Y" shows "Nov 18, 2026". */
  /* xgettext:no-c-format */
  return g_date_time_format (date_time, C_("table date", "%b %-d, %Y"));
}

/* "today", "in 12 days", "3 months ago": @days from today (negative: past). */
static char *
format_relative_days (int days)
{
  guint n = (guint) ABS (days);

  if (days == 0)
    return g_strdup (C_("relative date", "today"));
  if (days == 1)
    return g_strdup (C_("relative date", "tomorrow"));
  if (days == -1)
    return g_strdup (C_("relative date", "yesterday"));

  if (n < 45)
    {
      if (days > 0)
        return g_strdup_printf (ngettext ("in %u day", "in %u days", n), n);
      return g_strdup_printf (ngettext ("%u day ago", "%u days ago", n), n);
    }

  if (n < 365)
    {
      guint months = (guint) ((n + 15) / 30.4375);

      if (days > 0)
        return g_strdup_printf (ngettext ("in %u month", "in %u months", months), months);
      return g_strdup_printf (ngettext ("%u month ago", "%u months ago", months), months);
    }

  {
    guint years = (guint) ((n + 182) / 365.25);

    if (days > 0)
      return g_strdup_printf (ngettext ("in %u year", "in %u years", years), years);
    return g_strdup_printf (ngettext ("%u year ago", "%u years ago", years), years);
  }
}

/* Closures of the cells' expressions: the first argument is the GtkListItem. */

static char *
end_date_text (gpointer     list_item,
               const GDate *end_date,
               gpointer     user_data)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (end_date == NULL || !g_date_valid (end_date))
    return g_strdup (C_("subscription end date", "None"));

  date_time = g_date_time_new_utc (g_date_get_year (end_date),
                                   g_date_get_month (end_date),
                                   g_date_get_day (end_date),
                                   0, 0, 0);

  return format_date_time (date_time);
}

static char *
end_date_tooltip (gpointer list_item,
                  int      days_left,
                  gpointer user_data)
{
  if (days_left == RT_TOKEN_DAYS_LEFT_NONE)
    return g_strdup (_("No active subscription covers the token’s products"));

  return format_relative_days (days_left);
}

static char *
created_on_text (gpointer   list_item,
                 GDateTime *created_at,
                 gpointer   user_data)
{
  g_autoptr(GDateTime) local = NULL;

  if (created_at == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (created_at);

  return format_date_time (local);
}

static char *
created_on_tooltip (gpointer   list_item,
                    GDateTime *created_at,
                    gpointer   user_data)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) local_created = NULL;
  g_autoptr(GDate) today = NULL;
  g_autoptr(GDate) created = NULL;

  if (created_at == NULL)
    return NULL;

  /* Whole calendar days in the user's time zone. */
  now = rt_clock_now_utc ();
  local_now = g_date_time_to_local (now);
  local_created = g_date_time_to_local (created_at);
  today = g_date_new_dmy (g_date_time_get_day_of_month (local_now),
                          g_date_time_get_month (local_now),
                          g_date_time_get_year (local_now));
  created = g_date_new_dmy (g_date_time_get_day_of_month (local_created),
                            g_date_time_get_month (local_created),
                            g_date_time_get_year (local_created));

  return format_relative_days (g_date_days_between (today, created));
}

static char *
products_text (gpointer    list_item,
               const char *products_label,
               gpointer    user_data)
{
  if (products_label == NULL || products_label[0] == '\0')
    return g_strdup (C_("products", "None"));

  return g_strdup (products_label);
}

/* One product a line, with its version. */
static char *
products_tooltip (gpointer    list_item,
                  RtToken    *token,
                  const char *products_label,
                  gpointer    user_data)
{
  g_autoptr(GString) tooltip = NULL;
  GListModel *products;
  guint n_products;

  if (token == NULL)
    return NULL;

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
status_tooltip (gpointer      list_item,
                RtTokenStatus status,
                gboolean      expiring_soon,
                int           days_left,
                gpointer      user_data)
{
  g_autofree char *relative = NULL;

  if (status == RT_TOKEN_STATUS_EXPIRED || days_left == RT_TOKEN_DAYS_LEFT_NONE)
    return g_strdup (_("No active subscription covers the token’s products: it can pull nothing"));

  relative = format_relative_days (days_left);
  /* Translators: %s is a relative date such as "in 12 days" or "today" */
  return g_strdup_printf (_("The subscription ends %s"), relative);
}

static char *
type_label (gpointer     item,
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

static char *
busy_page (gpointer list_item,
           gboolean busy,
           gpointer user_data)
{
  return g_strdup (busy ? "busy" : "menu");
}

/* }}} */
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
/* Cells {{{ */

static GtkExpression *
token_expression (const char *property)
{
  return gtk_property_expression_new (RT_TYPE_TOKEN,
                                      gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
                                      property);
}

static void
bind_token_property (GtkListItem *list_item,
                     const char  *property,
                     gpointer     target,
                     const char  *target_property)
{
  gtk_expression_bind (token_expression (property), target, target_property, list_item);
}

/* Binds @target_property to @callback (list item, the properties' values…). */
static void
bind_closure (GtkListItem *list_item,
              GType        value_type,
              GCallback    callback,
              gpointer     target,
              const char  *target_property,
              const char  *first_property,
              ...)
{
  GtkExpression *params[4];
  guint n_params = 0;
  const char *property = first_property;
  va_list args;

  va_start (args, first_property);
  while (property != NULL)
    {
      g_assert (n_params < G_N_ELEMENTS (params));

      if (g_str_equal (property, "item"))
        params[n_params++] = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
      else
        params[n_params++] = token_expression (property);
      property = va_arg (args, const char *);
    }
  va_end (args);

  gtk_expression_bind (gtk_cclosure_expression_new (value_type, NULL, n_params, params,
                                                    callback, NULL, NULL),
                       target, target_property, list_item);
}

/* Every cell's widget knows its list item, to find the row under a click,
 * and its column (for tests, which read the cells). */
static void
set_cell (GtkListItem *list_item,
          GtkWidget   *child,
          const char  *column)
{
  g_object_set_data (G_OBJECT (child), "rt-list-item", list_item);
  g_object_set_data (G_OBJECT (child), "rt-column", (gpointer) column);
  gtk_list_item_set_child (list_item, child);
}

static GtkWidget *
new_cell_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);

  return label;
}

/* A label cell whose text and tooltip both show @property, in the column of
 * the same name. */
static void
setup_property_label (GtkListItem *list_item,
                      const char  *property)
{
  GtkWidget *label = new_cell_label ();

  bind_token_property (list_item, property, label, "label");
  bind_token_property (list_item, property, label, "tooltip-text");
  set_cell (list_item, label, property);
}

/* A date cell: its text is @text_func of @text_property, its tooltip
 * @tooltip_func of @tooltip_property. */
static void
setup_date_label (GtkListItem *list_item,
                  const char  *column,
                  GCallback    text_func,
                  const char  *text_property,
                  GCallback    tooltip_func,
                  const char  *tooltip_property)
{
  GtkWidget *label = new_cell_label ();

  gtk_widget_add_css_class (label, "numeric");
  bind_closure (list_item, G_TYPE_STRING, text_func,
                label, "label", text_property, NULL);
  bind_closure (list_item, G_TYPE_STRING, tooltip_func,
                label, "tooltip-text", tooltip_property, NULL);
  set_cell (list_item, label, column);
}

static void
name_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RtTokenTable             *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = new_cell_label ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-password-symbolic");

  gtk_box_append (GTK_BOX (box), label);
  bind_token_property (list_item, "name", label, "label");
  bind_token_property (list_item, "name", label, "tooltip-text");

  gtk_widget_add_css_class (icon, "saved-secret");
  gtk_widget_set_tooltip_text (icon, _("Secret saved in keyring"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Secret saved in keyring"),
                                  -1);
  gtk_box_append (GTK_BOX (box), icon);
  bind_token_property (list_item, "has-saved-secret", icon, "visible");

  set_cell (list_item, box, "name");
  g_ptr_array_add (self->name_cells, box);
  /* GTK 4.8 unsets the list item's child before it emits ::teardown, so
   * teardown finds the cell here rather than with gtk_list_item_get_child(). */
  g_object_set_data (G_OBJECT (list_item), "rt-name-cell", box);
}

static void
name_teardown_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  RtTokenTable             *self)
{
  GtkWidget *box = g_object_steal_data (G_OBJECT (list_item), "rt-name-cell");

  /* Left in name_cells, the box would dangle once its row is gone, and the
   * keyboard's context menu would read a freed widget. */
  if (box != NULL)
    g_ptr_array_remove_fast (self->name_cells, box);
}

static void
end_date_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   RtTokenTable             *self)
{
  setup_date_label (list_item, "end-date",
                    G_CALLBACK (end_date_text), "subscription-end-date",
                    G_CALLBACK (end_date_tooltip), "days-left");
}

static void
products_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   RtTokenTable             *self)
{
  GtkWidget *label = new_cell_label ();

  bind_closure (list_item, G_TYPE_STRING, G_CALLBACK (products_text),
                label, "label", "products-label", NULL);
  bind_closure (list_item, G_TYPE_STRING, G_CALLBACK (products_tooltip),
                label, "tooltip-text", "item", "products-label", NULL);
  set_cell (list_item, label, "products");
}

static void
created_on_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     RtTokenTable             *self)
{
  setup_date_label (list_item, "created-on",
                    G_CALLBACK (created_on_text), "created-at",
                    G_CALLBACK (created_on_tooltip), "created-at");
}

static void
status_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 RtTokenTable             *self)
{
  GtkWidget *badge = rt_status_badge_new ();

  gtk_widget_set_halign (badge, GTK_ALIGN_START);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  bind_token_property (list_item, "status", badge, "status");
  bind_token_property (list_item, "expiring-soon", badge, "expiring-soon");
  bind_closure (list_item, G_TYPE_STRING, G_CALLBACK (status_tooltip),
                badge, "tooltip-text", "status", "expiring-soon", "days-left", NULL);
  set_cell (list_item, badge, "status");
}

static void
type_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RtTokenTable             *self)
{
  GtkWidget *label = new_cell_label ();

  bind_closure (list_item, G_TYPE_STRING, G_CALLBACK (type_label),
                label, "label", "token-type", NULL);
  set_cell (list_item, label, "type");
}

static void
created_for_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      RtTokenTable             *self)
{
  setup_property_label (list_item, "created-for");
}

static void
created_by_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     RtTokenTable             *self)
{
  setup_property_label (list_item, "created-by");
}

/* The token's menu: also the context menu. */
static GMenuModel *
build_token_menu (RtToken *token)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) change = g_menu_new ();
  g_autoptr(GMenu) copy = g_menu_new ();
  g_autoptr(GMenu) delete = g_menu_new ();
  GVariant *id = g_variant_new_string (rt_token_get_id (token));
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
    { copy, _("_Forget Saved Secret"), "win.forget-secret", rt_token_get_has_saved_secret (token) },
    { delete, _("_Delete Token…"), "win.delete-token", TRUE },
  };

  g_variant_ref_sink (id);

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

  g_variant_unref (id);

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* Built each time it opens, so that it matches the token now. */
static void
create_row_menu_cb (GtkMenuButton *button,
                    gpointer       user_data)
{
  GtkListItem *list_item = user_data;
  RtToken *token = gtk_list_item_get_item (list_item);
  g_autoptr(GMenuModel) menu = NULL;

  if (token == NULL)
    return;

  menu = build_token_menu (token);
  gtk_menu_button_set_menu_model (button, menu);
}

static void
actions_name_changed_cb (gpointer user_data)
{
  GtkListItem *list_item = user_data;
  GtkWidget *stack = gtk_list_item_get_child (list_item);
  RtToken *token = gtk_list_item_get_item (list_item);
  GtkWidget *button;
  g_autofree char *label = NULL;

  if (stack == NULL || token == NULL)
    return;

  button = gtk_stack_get_child_by_name (GTK_STACK (stack), "menu");
  /* Translators: the accessible name of a token's menu button; %s is the token name */
  label = g_strdup_printf (_("Actions for %s"), rt_token_get_name (token));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
actions_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  RtTokenTable             *self)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkExpressionWatch *watch;

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (button), FALSE);
  gtk_widget_set_tooltip_text (button, _("Token Actions"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_row_menu_cb,
                                         list_item, NULL);
  gtk_stack_add_named (GTK_STACK (stack), button, "menu");

  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spinner, _("Working…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Working…"),
                                  -1);
  bind_token_property (list_item, "busy", spinner, "spinning");
  gtk_stack_add_named (GTK_STACK (stack), spinner, "busy");

  bind_closure (list_item, G_TYPE_STRING, G_CALLBACK (busy_page),
                stack, "visible-child-name", "busy", NULL);
  set_cell (list_item, stack, "actions");

  watch = gtk_expression_watch (token_expression ("name"), list_item,
                                actions_name_changed_cb, list_item, NULL);
  g_object_set_data_full (G_OBJECT (list_item), "rt-name-watch", watch,
                          (GDestroyNotify) gtk_expression_watch_unwatch);
}

static void
actions_teardown_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     RtTokenTable             *self)
{
  g_object_set_data (G_OBJECT (list_item), "rt-name-watch", NULL);
}

/* }}} */
/* Context menu {{{ */

static GtkListItem *
get_cell_list_item (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "rt-list-item");
}

/* The list item of the row at @widget: one of our cell widgets is an
 * ancestor of it, or, in the gaps between them, a child or grandchild of one
 * of its ancestors (the row or the cell). */
static GtkListItem *
find_list_item (RtTokenTable *self,
                GtkWidget    *widget)
{
  for (GtkWidget *w = widget;
       w != NULL && w != GTK_WIDGET (self->column_view);
       w = gtk_widget_get_parent (w))
    {
      if (get_cell_list_item (w) != NULL)
        return get_cell_list_item (w);

      for (GtkWidget *child = gtk_widget_get_first_child (w);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (get_cell_list_item (child) != NULL)
            return get_cell_list_item (child);

          for (GtkWidget *grandchild = gtk_widget_get_first_child (child);
               grandchild != NULL;
               grandchild = gtk_widget_get_next_sibling (grandchild))
            {
              if (get_cell_list_item (grandchild) != NULL)
                return get_cell_list_item (grandchild);
            }
        }
    }

  return NULL;
}

static void
popup_context_menu (RtTokenTable *self,
                    guint         position,
                    double        x,
                    double        y)
{
  g_autoptr(RtToken) token = NULL;
  g_autoptr(GMenuModel) menu = NULL;

  token = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (token == NULL)
    return;

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  /* A busy token's actions are disabled: its row shows a spinner instead. */
  if (rt_token_get_busy (token))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  menu = build_token_menu (token);
  gtk_popover_menu_set_menu_model (self->context_menu, menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
context_click_pressed_cb (GtkGestureClick *gesture,
                          int              n_press,
                          double           x,
                          double           y,
                          RtTokenTable    *self)
{
  GtkWidget *picked;
  GtkListItem *list_item;
  graphene_point_t point;

  picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  if (picked == NULL)
    return;

  list_item = find_list_item (self, picked);
  if (list_item == NULL || gtk_list_item_get_item (list_item) == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  if (!gtk_widget_compute_point (GTK_WIDGET (self->column_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (x, y);

  popup_context_menu (self, gtk_list_item_get_position (list_item), point.x, point.y);
}

/* For the keyboard: the menu of the selected row, pointing at its name. */
static void
popup_selected_menu (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RtTokenTable *self = RT_TOKEN_TABLE (widget);
  guint position = gtk_single_selection_get_selected (self->selection);
  double x = gtk_widget_get_width (widget) / 2.0;
  double y = gtk_widget_get_height (widget) / 2.0;

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  for (guint i = 0; i < self->name_cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (self->name_cells, i);
      GtkListItem *list_item = get_cell_list_item (cell);
      graphene_rect_t bounds;

      if (gtk_list_item_get_position (list_item) != position || !gtk_widget_get_mapped (cell))
        continue;

      if (gtk_widget_compute_bounds (cell, widget, &bounds))
        {
          x = bounds.origin.x + MIN (bounds.size.width, 24);
          y = bounds.origin.y + bounds.size.height;
        }
      break;
    }

  popup_context_menu (self, position, x, y);
}

static void
delete_selected (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RtTokenTable *self = RT_TOKEN_TABLE (widget);
  RtToken *token = rt_token_table_get_selected_token (self);

  if (token == NULL || rt_token_get_busy (token))
    return;

  gtk_widget_activate_action (widget, "win.delete-token", "s", rt_token_get_id (token));
}

/* }}} */
/* Columns: visibility and sort {{{ */

static void
update_columns (RtTokenTable *self)
{
  g_auto(GStrv) wanted = g_settings_get_strv (self->settings, "visible-columns");

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      gboolean wants = i == COLUMN_NAME ||
                       g_strv_contains ((const char * const *) wanted, column_info[i].id);
      gboolean allowed = !column_info[i].admin_only || self->admin;
      /* Before the first allocation the width is unknown: show everything
       * the user wants rather than flashing a narrow layout. */
      gboolean fits = self->width == 0 || self->width >= column_info[i].min_width;
      GAction *action;

      gtk_column_view_column_set_visible (get_column (self, i), wants && allowed && fits);

      /* The menu shows the user's choice, whatever the width. */
      action = g_action_map_lookup_action (G_ACTION_MAP (self->column_actions), column_info[i].id);
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
  RtTokenTable *self = user_data;

  self->update_columns_source = 0;
  update_columns (self);

  return G_SOURCE_REMOVE;
}

static void
column_action_change_state_cb (GSimpleAction *action,
                               GVariant      *state,
                               RtTokenTable  *self)
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

static void
visible_columns_changed_cb (RtTokenTable *self)
{
  update_columns (self);
}

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
  rt_token_set_name (token, HIGH (COLUMN_NAME) ? "b" : "a");
  g_date_add_days (end_date, HIGH (COLUMN_END_DATE) ? 200 : 100);
  rt_token_set_subscription_end_date (token, end_date);
  g_ptr_array_add (products, rt_product_new ("p", HIGH (COLUMN_PRODUCTS) ? "b" : "a", "1"));
  rt_token_set_products (token, products);
  rt_token_set_created_at (token, HIGH (COLUMN_CREATED_ON) ? created_later : created_at);
  rt_token_set_status (token, HIGH (COLUMN_STATUS) ? RT_TOKEN_STATUS_EXPIRED : RT_TOKEN_STATUS_ACTIVE);
  rt_token_set_token_type (token, HIGH (COLUMN_TYPE) ? RT_TOKEN_TYPE_SERVICE : RT_TOKEN_TYPE_USER);
  rt_token_set_created_for (token, HIGH (COLUMN_CREATED_FOR) ? "b" : "a");
  rt_token_set_created_by (token, HIGH (COLUMN_CREATED_BY) ? "b" : "a");

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
read_sort (RtTokenTable *self,
           Column       *out_column,
           gboolean     *out_descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  guint all = (1u << N_COLUMNS) - 1;
  RtToken *low;
  RtToken *high;
  GtkOrdering verdict;

  if (self->probes == NULL)
    {
      self->probes = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->probes, new_probe (0));
      g_ptr_array_add (self->probes, new_probe (all));
      for (guint i = 0; i < N_COLUMNS; i++)
        {
          g_ptr_array_add (self->probes, new_probe (all & ~(1u << i)));
          g_ptr_array_add (self->probes, new_probe (1u << i));
        }
    }

  low = g_ptr_array_index (self->probes, 0);
  high = g_ptr_array_index (self->probes, 1);
  verdict = gtk_sorter_compare (sorter, low, high);
  if (verdict == GTK_ORDERING_EQUAL)
    return FALSE;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      RtToken *a = g_ptr_array_index (self->probes, 2 + 2 * i);
      RtToken *b = g_ptr_array_index (self->probes, 3 + 2 * i);
      GtkSorter *column_sorter;

      if (gtk_sorter_compare (sorter, a, b) != verdict)
        continue;

      column_sorter = gtk_column_view_column_get_sorter (get_column (self, i));
      *out_column = i;
      *out_descending = gtk_sorter_compare (column_sorter, low, high) != verdict;
      return TRUE;
    }

  return FALSE;
}

static void
view_sorter_changed_cb (RtTokenTable *self)
{
  Column column;
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
restore_sort (RtTokenTable *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "sort-column");
  gboolean descending = g_settings_get_boolean (self->settings, "sort-descending");
  int column = find_column (id);

  if (column < 0)
    column = COLUMN_CREATED_ON;

  gtk_column_view_sort_by_column (self->column_view,
                                  get_column (self, column),
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
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

static void
rt_token_table_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  RtTokenTable *self = RT_TOKEN_TABLE (widget);

  gtk_widget_allocate (GTK_WIDGET (self->scrolled_window), width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->context_menu));

  if (width != self->width)
    {
      self->width = width;
      if (self->update_columns_source == 0)
        self->update_columns_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_columns_idle, self, NULL);
    }
}

static void
rt_token_table_dispose (GObject *object)
{
  RtTokenTable *self = RT_TOKEN_TABLE (object);

  g_clear_handle_id (&self->update_columns_source, g_source_remove);

  /* Disposing the column view removes its columns from its sorter: that is
   * not the user choosing another sort. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                          view_sorter_changed_cb, self);
  if (self->context_menu != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->context_menu));
      self->context_menu = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), RT_TYPE_TOKEN_TABLE);

  g_clear_object (&self->model);
  g_clear_object (&self->settings);
  g_clear_object (&self->column_actions);
  g_clear_pointer (&self->probes, g_ptr_array_unref);

  G_OBJECT_CLASS (rt_token_table_parent_class)->dispose (object);
}

static void
rt_token_table_finalize (GObject *object)
{
  RtTokenTable *self = RT_TOKEN_TABLE (object);

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->name_cells, g_ptr_array_unref);

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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regtokens/RegistryTokens/rt-token-table.ui");
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, selection);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, filter_model);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, sort_model);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, column_menu);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, name_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, end_date_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, products_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, created_on_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, status_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, type_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, created_for_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, created_by_column);
  gtk_widget_class_bind_template_child (widget_class, RtTokenTable, actions_column);

  gtk_widget_class_bind_template_callback (widget_class, name_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_teardown_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_date_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, products_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, created_on_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, created_for_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, created_by_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, actions_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, actions_teardown_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_date_sort_key);
  gtk_widget_class_bind_template_callback (widget_class, created_on_sort_key);
  gtk_widget_class_bind_template_callback (widget_class, status_sort_key);
  gtk_widget_class_bind_template_callback (widget_class, type_label);

  /* The selected row, from the keyboard. */
  gtk_widget_class_install_action (widget_class, "table.popup-menu", NULL, popup_selected_menu);
  gtk_widget_class_install_action (widget_class, "table.delete-selected", NULL, delete_selected);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "table.popup-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "table.popup-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "table.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "table.delete-selected", NULL);
}

static void
rt_token_table_init (RtTokenTable *self)
{
  GtkGesture *gesture;

  self->name_cells = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);

  self->column_actions = g_simple_action_group_new ();
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GSimpleAction) action = NULL;

      if (i == COLUMN_NAME)
        continue;

      action = g_simple_action_new_stateful (column_info[i].id, NULL, g_variant_new_boolean (TRUE));
      g_signal_connect_object (action, "change-state",
                               G_CALLBACK (column_action_change_state_cb), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), COLUMN_ACTIONS_PREFIX,
                                  G_ACTION_GROUP (self->column_actions));

  g_signal_connect_object (self->settings, "changed::visible-columns",
                           G_CALLBACK (visible_columns_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_columns (self);

  restore_sort (self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->context_menu = GTK_POPOVER_MENU (gtk_popover_menu_new_from_model (NULL));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->context_menu), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->context_menu), GTK_WIDGET (self));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed",
                           G_CALLBACK (context_click_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));
}

/* }}} */
/* Public API {{{ */

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

  if (g_set_object (&self->model, model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
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
  update_columns (self);
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
GtkSingleSelection *
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
GtkFilterListModel *
rt_token_table_get_filter_model (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  return self->filter_model;
}

/**
 * rt_token_table_get_selected_token:
 *
 * Returns: (transfer none) (nullable): the selected token
 */
RtToken *
rt_token_table_get_selected_token (RtTokenTable *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * rt_token_table_get_column:
 * @id: a column id as in the visible-columns setting: "name", "end-date",
 *   "products", "created-on", "status", "type", "created-for", "created-by"
 *
 * Returns: (transfer none) (nullable): the column
 */
GtkColumnViewColumn *
rt_token_table_get_column (RtTokenTable *self,
                           const char   *id)
{
  int column;

  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  column = find_column (id);

  return column >= 0 ? get_column (self, column) : NULL;
}

/* }}} */
