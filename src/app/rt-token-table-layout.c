/* rt-token-table-layout.c: the token table's column widths, from its content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-clock.h"
#include "rt-token-table-private.h"

/* Each column's width comes from its content as the current font draws it,
 * for every token rather than the rows on screen, so that it holds during a
 * search or a re-sync and grows with the text scale. Names, products and
 * people are free text: the longest few by length are measured; dates are
 * measured over every month, so that no date is wider than the column. */

/* Products and the people columns ellipsize beyond this many lines' height
 * (a length that follows the font); products takes any room left anyway. */
#define PRODUCTS_MAX_LINES 4
#define PEOPLE_MAX_LINES 10

/* The name cell's saved-secret icon and its spacing (rt-token-name-cell.c):
 * icons keep their size at any text scale. */
#define NAME_ICON_WIDTH (16 + 6)

/* The status badge's horizontal padding (style.css). */
#define BADGE_PADDING (2 * 10)

typedef enum
{
  TEXT_PLAIN,
  TEXT_TABULAR,   /* the "numeric" style class */
  TEXT_BADGE,     /* RtStatusBadge: smaller and bold */
} TextStyle;

static int
text_width (GtkWidget  *widget,
            const char *text,
            TextStyle   style)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *css_attrs = pango_layout_get_attributes (layout);
  g_autoptr(PangoAttrList) attrs = css_attrs != NULL ? pango_attr_list_copy (css_attrs) : pango_attr_list_new ();
  int width;

  if (style == TEXT_TABULAR)
    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  else if (style == TEXT_BADGE)
    {
      pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    }
  pango_layout_set_attributes (layout, attrs);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

static int
line_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "M");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);

  return height;
}

static const char *
get_text (RtToken    *token,
          TextColumn  column)
{
  switch (column)
    {
    case TEXT_NAME:
      return rt_token_get_name (token);
    case TEXT_PRODUCTS:
      return rt_token_get_products_label (token);
    case TEXT_CREATED_FOR:
      return rt_token_get_created_for (token);
    case TEXT_CREATED_BY:
      return rt_token_get_created_by (token);
    case N_TEXT_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
consider (Longest    *longest,
          const char *text)
{
  glong length;
  guint shortest = 0;

  if (text == NULL)
    return;

  for (guint j = 1; j < N_LONGEST; j++)
    {
      if (longest->lengths[j] < longest->lengths[shortest])
        shortest = j;
    }

  length = g_utf8_strlen (text, -1);
  if (longest->texts[shortest] != NULL && length <= longest->lengths[shortest])
    return;

  g_free (longest->texts[shortest]);
  longest->texts[shortest] = g_strdup (text);
  longest->lengths[shortest] = length;
}

static void
scan_tokens (RtTokenTable *self,
             guint         position,
             guint         n_items)
{
  for (guint i = position; i < position + n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (self->model, i);

      for (TextColumn column = 0; column < N_TEXT_COLUMNS; column++)
        consider (&self->longest[column], get_text (token, column));
    }
}

void
_rt_token_table_clear_longest (RtTokenTable *self)
{
  for (TextColumn column = 0; column < N_TEXT_COLUMNS; column++)
    {
      for (guint j = 0; j < N_LONGEST; j++)
        {
          g_clear_pointer (&self->longest[column].texts[j], g_free);
          self->longest[column].lengths[j] = 0;
        }
    }
}

/* The widest of @column's longest texts. */
static int
widest_text (RtTokenTable *self,
             TextColumn    column)
{
  int widest = 0;

  for (guint j = 0; j < N_LONGEST; j++)
    {
      const char *text = self->longest[column].texts[j];

      if (text != NULL)
        widest = MAX (widest, text_width (GTK_WIDGET (self->column_view), text, TEXT_PLAIN));
    }

  return widest;
}

/* The widest date the date columns can show, "None" included. */
static int
widest_date (RtTokenTable *self)
{
  g_autofree char *none = _rt_token_table_end_date_text (NULL, NULL, NULL);
  int widest = text_width (GTK_WIDGET (self->column_view), none, TEXT_TABULAR);

  for (GDateMonth month = G_DATE_JANUARY; month <= G_DATE_DECEMBER; month++)
    {
      g_autoptr(GDate) date = g_date_new_dmy (28, month, 2028);
      g_autofree char *text = _rt_token_table_end_date_text (NULL, date, NULL);

      widest = MAX (widest, text_width (GTK_WIDGET (self->column_view), text, TEXT_TABULAR));
    }

  return widest;
}

/* The widest of "Never" and a time ago in each unit, at its longest. */
static int
widest_time_ago (RtTokenTable *self)
{
  static const GTimeSpan ago[] = {
    59 * G_TIME_SPAN_MINUTE, 11 * G_TIME_SPAN_HOUR, 2 * G_TIME_SPAN_DAY,
    6 * G_TIME_SPAN_DAY, 28 * G_TIME_SPAN_DAY, 300 * G_TIME_SPAN_DAY,
    20 * 365 * G_TIME_SPAN_DAY,
  };
  g_autoptr(GDateTime) now = rt_clock_now_utc ();
  g_autofree char *never = _rt_token_table_last_used_text (NULL, NULL, NULL);
  int widest = text_width (GTK_WIDGET (self->column_view), never, TEXT_PLAIN);

  for (guint i = 0; i < G_N_ELEMENTS (ago); i++)
    {
      g_autoptr(GDateTime) then = g_date_time_add (now, -ago[i]);
      g_autofree char *text = _rt_token_table_last_used_text (NULL, then, NULL);

      widest = MAX (widest, text_width (GTK_WIDGET (self->column_view), text, TEXT_PLAIN));
    }

  return widest;
}

static int
widest_badge (RtTokenTable *self)
{
  const char *labels[] = {
    C_("token status", "Active"),
    C_("token status", "Expiring Soon"),
    C_("token status", "Expired"),
  };
  int widest = 0;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    widest = MAX (widest, text_width (GTK_WIDGET (self->column_view), labels[i], TEXT_BADGE));

  return widest + BADGE_PADDING;
}

static int
widest_type (RtTokenTable *self)
{
  int widest = 0;

  for (RtTokenType type = RT_TOKEN_TYPE_USER; type <= RT_TOKEN_TYPE_SERVICE; type++)
    {
      g_autofree char *text = _rt_token_table_type_label (NULL, type, NULL);

      widest = MAX (widest, text_width (GTK_WIDGET (self->column_view), text, TEXT_PLAIN));
    }

  return widest;
}

/* The column view's header row, the parent of the column titles. */
static GtkWidget *
get_header (RtTokenTable *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_str_equal (gtk_widget_get_css_name (child), "header"))
        return child;
    }

  return NULL;
}

/* A header title is a button around a box of its label and sort arrow.
 * GTK 4.8 never ellipsizes the label, so a long title would set its
 * column's width: it ellipsizes here, whole in its tooltip (and in the
 * header menu). */
void
_rt_token_table_ellipsize_titles (RtTokenTable *self)
{
  GtkWidget *header = get_header (self);

  for (GtkWidget *title = header != NULL ? gtk_widget_get_first_child (header) : NULL;
       title != NULL;
       title = gtk_widget_get_next_sibling (title))
    {
      GtkWidget *box = gtk_widget_get_first_child (title);
      GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;

      if (!GTK_IS_LABEL (label))
        continue;

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      if (gtk_label_get_label (GTK_LABEL (label))[0] != '\0')
        gtk_widget_set_tooltip_text (title, gtk_label_get_label (GTK_LABEL (label)));
    }
}

/* What a cell adds around its content (padding, border), as a column title
 * does; the narrowest a title can be; and each column's whole title. */
static void
measure_titles (RtTokenTable *self,
                int          *chrome,
                int          *title_min,
                int           title_width[RT_N_COLUMNS])
{
  GtkWidget *header = get_header (self);
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint position = 0;

  *chrome = 0;
  *title_min = 0;
  for (GtkWidget *title = header != NULL ? gtk_widget_get_first_child (header) : NULL;
       title != NULL;
       title = gtk_widget_get_next_sibling (title), position++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, position);
      GtkWidget *box = gtk_widget_get_first_child (title);
      GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;
      int min, box_min;

      if (!GTK_IS_LABEL (label) || !gtk_widget_get_visible (title))
        continue;

      gtk_widget_measure (title, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &box_min, NULL, NULL, NULL);
      *chrome = MAX (*chrome, min - box_min);
      *title_min = MAX (*title_min, min);

      /* The label measured whole, in the title's font, beside the sort
       * arrow (the box's minimum, with the label ellipsized). */
      for (guint i = 0; i < RT_N_COLUMNS; i++)
        {
          g_autoptr(PangoLayout) layout = NULL;
          int label_width;

          if (column != self->columns[i])
            continue;

          layout = gtk_widget_create_pango_layout (label, gtk_label_get_label (GTK_LABEL (label)));
          pango_layout_get_pixel_size (layout, &label_width, NULL);
          title_width[i] = min + label_width;
        }
    }
}

static gboolean
measure_columns (gpointer user_data)
{
  RtTokenTable *self = user_data;
  GtkWidget *view = GTK_WIDGET (self->column_view);
  /* A column measured nowhere below is as narrow as its title allows. */
  int needed[RT_N_COLUMNS] = { 0, };
  int natural[RT_N_COLUMNS];
  int title_width[RT_N_COLUMNS] = { 0, };
  int chrome;
  int title_min;
  int line;
  int date;
  int products;

  self->measure_source = 0;
  /* Measured in the window's font, once it shows: size_allocate() asks again. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_REMOVE;
  self->measured = TRUE;

  measure_titles (self, &chrome, &title_min, title_width);
  line = line_height (view);
  date = widest_date (self);
  if (self->rescan)
    {
      _rt_token_table_clear_longest (self);
      scan_tokens (self, 0, self->model != NULL ? g_list_model_get_n_items (self->model) : 0);
      self->rescan = FALSE;
    }
  {
    g_autofree char *none = _rt_token_table_products_text (NULL, NULL, NULL);

    products = MAX (widest_text (self, TEXT_PRODUCTS),
                    text_width (view, none, TEXT_PLAIN));
  }

  needed[RT_COLUMN_NAME] = widest_text (self, TEXT_NAME) + NAME_ICON_WIDTH;
  needed[RT_COLUMN_STATUS] = widest_badge (self);
  needed[RT_COLUMN_PRODUCTS] = MIN (products, PRODUCTS_MAX_LINES * line);
  needed[RT_COLUMN_END_DATE] = date;
  needed[RT_COLUMN_CREATED_ON] = date;
  needed[RT_COLUMN_LAST_USED] = widest_time_ago (self);
  needed[RT_COLUMN_TYPE] = widest_type (self);
  needed[RT_COLUMN_CREATED_FOR] = MIN (widest_text (self, TEXT_CREATED_FOR), PEOPLE_MAX_LINES * line);
  needed[RT_COLUMN_CREATED_BY] = MIN (widest_text (self, TEXT_CREATED_BY), PEOPLE_MAX_LINES * line);

  for (guint i = 0; i < RT_N_COLUMNS; i++)
    {
      int content = i == RT_COLUMN_PRODUCTS ? products : needed[i];

      needed[i] = MAX (needed[i] + chrome, title_min);
      natural[i] = MAX (content + chrome, title_width[i]);
    }

  rt_column_settings_set_widths (self->column_settings, needed, natural,
                                 gtk_column_view_column_get_fixed_width (self->actions_column));

  return G_SOURCE_REMOVE;
}

void
_rt_token_table_queue_measure (RtTokenTable *self)
{
  self->measured = FALSE;
  if (self->measure_source == 0)
    self->measure_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, measure_columns, self, NULL);
}

/* Tokens added are looked at as they come (a long list loads a page at a
 * time); a removal means looking at them all again. */
void
_rt_token_table_items_changed_cb (RtTokenTable *self,
                                  guint         position,
                                  guint         removed,
                                  guint         added)
{
  if (removed > 0)
    self->rescan = TRUE;
  else if (!self->rescan)
    scan_tokens (self, position, added);

  _rt_token_table_queue_measure (self);
}
