/* rt-token-table-menu.c: the token table's row menu, from a right click, a row's button or the keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-token-actions-cell.h"
#include "rt-token-menu.h"
#include "rt-token-name-cell.h"
#include "rt-token-table-private.h"
#include "rt-ui-util.h"

/* The table has one menu, a GtkPopoverMenu of the token's actions, which it
 * opens at the pointer on a right click, under a row's menu button, and at
 * the focused row for Menu and Shift+F10. */

/* Rows, and the menu on them {{{ */

static GtkListItem *
get_cell_list_item (GtkWidget *widget)
{
  if (RT_IS_TOKEN_NAME_CELL (widget))
    return rt_token_name_cell_get_list_item (RT_TOKEN_NAME_CELL (widget));

  return NULL;
}

/* The list item of the row at @widget: its name cell is the widget or an
 * ancestor of it, or a child or grandchild of one of its ancestors (the row
 * or a cell). */
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

/* The token's menu, pointing at @rect (in the table's coordinates): it
 * starts at a point, and ends with a button, as a menu button's would. */
static void
popup_context_menu (RtTokenTable       *self,
                    guint               position,
                    const GdkRectangle *rect,
                    GtkAlign            halign)
{
  g_autoptr(RtToken) token = NULL;
  g_autoptr(GMenuModel) menu = NULL;

  token = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (token == NULL)
    return;

  /* A menu on one of several selected rows keeps them selected. */
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  /* A busy token's actions are disabled: its row shows a spinner instead. */
  if (rt_token_get_busy (token))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  menu = rt_token_menu_new (token);
  gtk_popover_menu_set_menu_model (self->context_menu, menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), rect);
  gtk_widget_set_halign (GTK_WIDGET (self->context_menu), halign);
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

  popup_context_menu (self, gtk_list_item_get_position (list_item),
                      &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 }, GTK_ALIGN_START);
}

/* The shown name cell of the row at @position, under @root. */
static GtkWidget *
find_name_cell (GtkWidget *root,
                guint      position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListItem *list_item = get_cell_list_item (child);
      GtkWidget *found;

      if (list_item != NULL)
        {
          if (gtk_list_item_get_position (list_item) == position && gtk_widget_get_mapped (child))
            return child;
          continue;
        }

      found = find_name_cell (child, position);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The row widget shown for @position: the name cell's parent is the
 * row's cell, whose parent is the row. */
static GtkWidget *
find_row (RtTokenTable *self,
          guint         position)
{
  GtkWidget *cell = find_name_cell (GTK_WIDGET (self->column_view), position);

  return cell != NULL ? gtk_widget_get_parent (gtk_widget_get_parent (cell)) : NULL;
}

/* The menu button in @row. */
static GtkWidget *
find_actions_button (GtkWidget *row)
{
  for (GtkWidget *cell = gtk_widget_get_first_child (row);
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *child = gtk_widget_get_first_child (cell);

      if (child != NULL && RT_IS_TOKEN_ACTIONS_CELL (child))
        return rt_token_actions_cell_get_button (RT_TOKEN_ACTIONS_CELL (child));
    }

  return NULL;
}

/* For the keyboard: the row the focus is in; otherwise the selected row,
 * which is also the one a row's menu is for (popup_context_menu()). */
static guint
get_focus_position (RtTokenTable *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    {
      GtkListItem *list_item = find_list_item (self, focus);

      if (list_item != NULL && gtk_list_item_get_item (list_item) != NULL)
        return gtk_list_item_get_position (list_item);
    }

  return _rt_token_table_get_only_selected (self);
}

/* The menu of the focused row, pointing at its name. */
static void
popup_focus_menu (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RtTokenTable *self = RT_TOKEN_TABLE (widget);
  guint position = get_focus_position (self);
  double x = gtk_widget_get_width (widget) / 2.0;
  double y = gtk_widget_get_height (widget) / 2.0;
  GtkWidget *cell;
  graphene_rect_t bounds;

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  cell = find_name_cell (GTK_WIDGET (self->column_view), position);
  if (cell != NULL && gtk_widget_compute_bounds (cell, widget, &bounds))
    {
      x = bounds.origin.x + MIN (bounds.size.width, 24);
      y = bounds.origin.y + bounds.size.height;
    }

  popup_context_menu (self, position, &(GdkRectangle) { (int) x, (int) y, 1, 1 }, GTK_ALIGN_START);
}

/* The position of the token with @id, if it is shown. */
static guint
find_position (RtTokenTable *self,
               const char   *id)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (G_LIST_MODEL (self->selection), i);

      if (g_strcmp0 (rt_token_get_id (token), id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Selects the token, and puts the focus on its row. */
static guint
select_token_row (RtTokenTable *self,
                  const char   *id)
{
  guint position = find_position (self, id);
  GtkWidget *row;

  if (position == GTK_INVALID_LIST_POSITION)
    return position;

  /* A menu on one of several selected rows keeps them selected. */
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  row = find_row (self, position);
  if (row != NULL)
    gtk_widget_grab_focus (row);

  return position;
}

static void
select_token (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  select_token_row (RT_TOKEN_TABLE (widget), g_variant_get_string (parameter, NULL));
}

/* A row's menu button: the table's one menu, under the button. The row is
 * the one acted on, and has the focus once the menu closes. */
static void
popup_token_menu (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RtTokenTable *self = RT_TOKEN_TABLE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  guint position = select_token_row (self, id);
  GtkWidget *row;
  GtkWidget *button;
  graphene_rect_t bounds;

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  row = find_row (self, position);
  button = row != NULL ? find_actions_button (row) : NULL;
  if (button == NULL || !gtk_widget_compute_bounds (button, widget, &bounds))
    return;

  popup_context_menu (self, position,
                      &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                        (int) bounds.size.width, (int) bounds.size.height },
                      GTK_ALIGN_END);

  /* The pointer stays on the button: its tooltip would come back over the
   * menu. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->context_menu)))
    {
      gtk_widget_set_has_tooltip (button, FALSE);
      gtk_widget_trigger_tooltip_query (button);
      g_set_weak_pointer (&self->menu_button, button);
    }
}

static void
context_menu_closed_cb (RtTokenTable *self)
{
  if (self->menu_button != NULL)
    gtk_widget_set_has_tooltip (self->menu_button, rt_ui_get_lazy_tooltip (self->menu_button) != NULL);
  g_clear_weak_pointer (&self->menu_button);
}

static void
delete_focus_token (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RtTokenTable *self = RT_TOKEN_TABLE (widget);
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (self->selection);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
  guint position = get_focus_position (self);
  g_autoptr(RtToken) token = NULL;

  /* Delete on one of several selected rows deletes them all. */
  if (gtk_bitset_get_size (selected) > 1 &&
      (position == GTK_INVALID_LIST_POSITION || gtk_bitset_contains (selected, position)))
    {
      gtk_widget_activate_action (widget, "win.delete-selected", NULL);
      return;
    }

  if (position != GTK_INVALID_LIST_POSITION)
    token = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (token == NULL || rt_token_get_busy (token))
    return;

  gtk_widget_activate_action (widget, "win.delete-token", "s", rt_token_get_id (token));
}

/* }}} */
/* Set-up {{{ */

void
_rt_token_table_class_init_menu (GtkWidgetClass *widget_class)
{
  /* The focused row, or else the selected one, from the keyboard: the
   * row's menu buttons take no focus, so that the table is one Tab stop. */
  gtk_widget_class_install_action (widget_class, "table.popup-menu", NULL, popup_focus_menu);
  gtk_widget_class_install_action (widget_class, "table.delete-selected", NULL, delete_focus_token);
  gtk_widget_class_install_action (widget_class, "table.select-token", "s", select_token);
  gtk_widget_class_install_action (widget_class, "table.token-menu", "s", popup_token_menu);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "table.popup-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "table.popup-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "table.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "table.delete-selected", NULL);
}

void
_rt_token_table_init_menu (RtTokenTable *self)
{
  GtkGesture *gesture;

  self->context_menu = GTK_POPOVER_MENU (gtk_popover_menu_new_from_model (NULL));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->context_menu), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->context_menu), GTK_WIDGET (self));
  g_signal_connect_object (self->context_menu, "closed",
                           G_CALLBACK (context_menu_closed_cb), self, G_CONNECT_SWAPPED);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed",
                           G_CALLBACK (context_click_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));
}

void
_rt_token_table_dispose_menu (RtTokenTable *self)
{
  g_clear_weak_pointer (&self->menu_button);
  if (self->context_menu != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->context_menu));
      self->context_menu = NULL;
    }
}

/* }}} */
