/* rt-token-table-private.h: what rt-token-table.c shares with its cells, export and layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rt-column-settings.h"
#include "rt-paced-list.h"
#include "rt-token-filter.h"
#include "rt-token-table.h"

G_BEGIN_DECLS

/* The longest texts of a free-text column, by characters: what its width
 * is measured from (rt-token-table-layout.c). */
#define N_LONGEST 16

typedef enum
{
  TEXT_NAME,
  TEXT_PRODUCTS,
  TEXT_CREATED_FOR,
  TEXT_CREATED_BY,
  N_TEXT_COLUMNS
} TextColumn;

typedef struct
{
  char  *texts[N_LONGEST];
  glong  lengths[N_LONGEST];
} Longest;

struct _RtTokenTable
{
  GtkWidget            parent_instance;

  GListModel          *model;
  char                *search_text;
  RtColumnSettings    *column_settings;
  GtkPopoverMenu      *context_menu;
  GtkWidget           *menu_button;     /* weak: the row button the menu is under */
  GMenu               *filter_menu;
  guint                measure_source;
  Longest              longest[N_TEXT_COLUMNS];
  guint                admin : 1;
  guint                measured : 1;
  guint                rescan : 1;

  /* Template objects */
  GtkScrolledWindow   *scrolled_window;
  GtkColumnView       *column_view;
  GtkMultiSelection   *selection;
  RtFilterList        *filter_model;
  RtTokenFilter       *token_filter;
  GtkSortListModel    *sort_model;
  RtPacedList         *paced_model;
  GMenuModel          *column_menu;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *end_date_column;
  GtkColumnViewColumn *products_column;
  GtkColumnViewColumn *created_on_column;
  GtkColumnViewColumn *last_used_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *type_column;
  GtkColumnViewColumn *created_for_column;
  GtkColumnViewColumn *created_by_column;
  GtkColumnViewColumn *actions_column;
  GtkColumnViewColumn *columns[RT_N_COLUMNS];   /* the above, in RtColumn order */
};

/* The cells (rt-token-table-cells.c), and the texts the widths are
 * measured with. */
void        _rt_token_table_set_up_cells    (RtTokenTable *self);

const char *_rt_token_table_get_cell_column (GtkWidget    *cell);

char *_rt_token_table_end_date_text    (gpointer      this,
                                        const GDate  *end_date,
                                        gpointer      user_data);
char *_rt_token_table_last_used_text   (gpointer      this,
                                        GDateTime    *last_used_at,
                                        gpointer      user_data);
char *_rt_token_table_products_text    (gpointer      this,
                                        const char   *products_label,
                                        gpointer      user_data);
char *_rt_token_table_type_label       (gpointer      this,
                                        RtTokenType   token_type,
                                        gpointer      user_data);

/* The column widths, from the content (rt-token-table-layout.c). */
void  _rt_token_table_clear_longest    (RtTokenTable *self);
void  _rt_token_table_ellipsize_titles (RtTokenTable *self);
void  _rt_token_table_queue_measure    (RtTokenTable *self);
void  _rt_token_table_items_changed_cb (RtTokenTable *self,
                                        guint         position,
                                        guint         removed,
                                        guint         added);

/* The row menu (rt-token-table-menu.c). */
void  _rt_token_table_class_init_menu   (GtkWidgetClass *widget_class);
void  _rt_token_table_init_menu         (RtTokenTable   *self);
void  _rt_token_table_dispose_menu      (RtTokenTable   *self);

/* The position of the one selected row, if only one is. */
guint _rt_token_table_get_only_selected (RtTokenTable   *self);

G_END_DECLS
