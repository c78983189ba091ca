/* rt-secret-dialog-private.h: what rt-secret-dialog.c shares with its docker part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rt-secret-dialog.h"

G_BEGIN_DECLS

/* The secret lives in self->secret and, while the dialog shows, in the
 * label's text; both are dropped (the label cleared first) as soon as the
 * dialog closes. It never reaches the title, a log, GSettings or a file. */
struct _RtSecretDialog
{
  AdwWindow            parent_instance;

  char                *server;
  char                *registry_host;
  RtToken             *token;
  RtSecret            *secret;
  RtSecretStore       *secret_store;
  RtClipboard         *clipboard;
  GSettings           *settings;
  GListModel          *tokens;

  /* Cancelled when the dialog is closed, destroyed or disposed. */
  GCancellable        *cancellable;
  /* The open "Close without saving?" question, if any. */
  AdwMessageDialog    *close_question;
  /* Whose docker credentials the save replaced, said under the status. */
  char                *replaced_note;

  guint                regenerated : 1;
  guint                copied : 1;
  guint                saved : 1;
  guint                saving : 1;
  guint                close_confirmed : 1;

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkImage            *warning_icon;
  GtkLabel            *warning_label;
  AdwActionRow        *name_row;
  AdwActionRow        *registry_row;
  AdwActionRow        *username_row;
  GtkLabel            *secret_label;
  GtkButton           *copy_button;
  GtkButton           *save_button;
  GtkLabel            *save_label;
  AdwActionRow        *docker_row;
  GtkSwitch           *docker_switch;
  GtkLabel            *status_label;
  GtkLabel            *note_label;
  GtkLabel            *error_label;
  GtkLabel            *copy_status_label;
  GtkLabel            *login_label;
  GtkLabel            *login_status_label;
  GtkScrollbar        *secret_scrollbar;
  GtkScrollbar        *login_scrollbar;
};

/* rt-secret-dialog.c */
void  _rt_secret_dialog_set_label                (GtkLabel       *label,
                                                  const char     *text);
void  _rt_secret_dialog_show_docker_failed       (RtSecretDialog *self,
                                                  const char     *message);

/* rt-secret-dialog-docker.c */
void  _rt_secret_dialog_look_up_docker_username  (RtSecretDialog *self);
char *_rt_secret_dialog_describe_replaced        (RtSecretDialog *self,
                                                  const char     *username);
void  _rt_secret_dialog_after_docker_saved       (RtSecretDialog *self);

G_END_DECLS
