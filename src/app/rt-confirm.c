/* rt-confirm.c: the confirmation asked before a destructive step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-confirm.h"

static void
name_buttons (GtkWidget *widget)
{
  /* The button's label property would also become its accessible label,
   * underline included, on top of the name its mnemonic label gives it. */
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_buttons (child);
}

/**
 * rt_confirm_name_responses:
 * @dialog: a message dialog, with its responses added
 *
 * Gives the response buttons accessible names without the mnemonic
 * underline: GTK 4.8 would name a “_Delete” button "_Delete Delete".
 */
void
rt_confirm_name_responses (AdwMessageDialog *dialog)
{
  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));

  name_buttons (GTK_WIDGET (dialog));
}

/**
 * rt_confirm_new:
 * @parent: the window the question is about
 * @heading: the question, naming what it acts on
 * @body: (nullable): what the step does and what cannot be undone
 * @cancel_label: the label of the safe answer, with a mnemonic
 * @confirm_label: the label of the destructive answer, with a mnemonic
 *
 * Makes a modal message dialog whose safe answer (%RT_CONFIRM_RESPONSE_CANCEL)
 * is the default and what closing or Escape answer, and whose other answer
 * (%RT_CONFIRM_RESPONSE_CONFIRM) is styled as destructive. Connect to
 * #AdwMessageDialog::response and present it.
 *
 * Returns: (transfer floating): the dialog
 */
AdwMessageDialog *
rt_confirm_new (GtkWindow  *parent,
                const char *heading,
                const char *body,
                const char *cancel_label,
                const char *confirm_label)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (heading != NULL, NULL);
  g_return_val_if_fail (cancel_label != NULL, NULL);
  g_return_val_if_fail (confirm_label != NULL, NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  adw_message_dialog_add_responses (dialog,
                                    RT_CONFIRM_RESPONSE_CANCEL, cancel_label,
                                    RT_CONFIRM_RESPONSE_CONFIRM, confirm_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, RT_CONFIRM_RESPONSE_CONFIRM,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, RT_CONFIRM_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (dialog, RT_CONFIRM_RESPONSE_CANCEL);
  rt_confirm_name_responses (dialog);

  return dialog;
}
