/* rt-window-private.h: what rt-window.c shares with rt-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rt-window.h"

#include "rt-account-list.h"
#include "rt-clipboard.h"
#include "rt-secret-store.h"
#include "rt-session.h"
#include "rt-sign-in-page.h"
#include "rt-token-table.h"

G_BEGIN_DECLS

struct _RtWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Cancelled when the window is destroyed or disposed: replies hold the
   * window, and find it closed (docs/DESIGN.md, Conventions). */
  GCancellable         *cancellable;

  /* The saved accounts (and a --server one), one session each. */
  RtAccountList        *accounts;
  /* The account shown, its client and tokens, and the sign-in steps: one of
   * the list's, or a new one that the sign-in page is adding. */
  RtSession            *session;

  RtSecretStore        *secret_store;
  RtClipboard          *clipboard;

  /* Template children shared with the actions. */
  AdwToastOverlay      *toast_overlay;
  GtkColumnView        *column_view;
  GtkMultiSelection    *selection;

  /* Only rt-window.c uses what follows. */

  /* The selected token, watched for busy and has-saved-secret. */
  GSignalGroup         *watched_token;
  /* The shown session and its tokens. */
  GSignalGroup         *session_signals;
  GSignalGroup         *tokens_signals;
  GMenu                *accounts_menu;
  guint                 midnight_source;
  /* To select once it is in the table (rt_window_select_token()). */
  char                 *pending_token_id;
  /* Signed in with --server and REGISTRY_TOKENS_ACCESS_KEY: nothing stored. */
  guint                 ephemeral : 1;
  /* A sign-in from the sign-in page, running, failed, or storing its key:
   * the page shows until the key is stored. */
  guint                 interactive : 1;
  /* Looking up the stored key at start-up. */
  guint                 looking_up : 1;
  /* The session's account, once an interactive sign-in stored its key. */
  guint                 signed_in : 1;
  guint                 window_state_saved : 1;

  AdwWindowTitle       *window_title;
  GtkMenuButton        *account_button;
  GtkWidget            *generate_squeezer;
  GtkWidget            *generate_button;
  GtkWidget            *generate_icon_button;
  GtkWidget            *refresh_button;
  GtkWidget            *search_button;
  GtkStack             *refresh_stack;
  GtkSpinner           *refresh_spinner;
  GtkSpinner           *loading_spinner;
  GtkStack             *main_stack;
  GtkStack             *content_stack;
  RtSignInPage         *sign_in_page;
  AdwStatusPage        *error_page;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  RtTokenTable         *token_table;
  GtkRevealer          *error_banner;
  GtkLabel             *error_banner_label;

  /* The filter and the selection (rt-window-filters.c). */
  GtkWidget            *filter_button;
  GtkRevealer          *filter_bar;
  GtkLabel             *filter_label;
  GtkRevealer          *selection_bar;
  GtkLabel             *selection_label;
  GtkWidget            *delete_selected_button;
  GtkLabel             *delete_selected_label;
  AdwStatusPage        *no_results_page;
  GtkWidget            *no_results_clear_button;
};

/* Installs the token actions (generate, re-sync, re-generate, delete, copy
 * name, forget saved secret, check access) on the window class. In rt-window-actions.c. */
void      _rt_window_class_actions_init  (RtWindowClass *klass);

/* Enables or disables the token actions for the current selection and for
 * busy tokens. In rt-window-actions.c; called by rt-window.c whenever the
 * selection, the signed-in state or a token's busy flag changes. */
void      _rt_window_update_actions      (RtWindow      *self);

/* In rt-window-actions.c, for all three files. */
void      _rt_window_show_toast          (RtWindow      *self,
                                          const char    *text);
/* Shows an RtClient error the way the window does everywhere: a toast with
 * the error's message, or, for UNAUTHORIZED, back to sign-in with the server
 * filled in. */
void      _rt_window_show_error          (RtWindow      *self,
                                          const GError  *error);
/* In rt-window.c, for rt-window-sign-in.c: the actions' and the pages'
 * state; whether the session's account is shown (after an interactive
 * sign-in, once its key is stored); whether Try Again signs in again. */
void      _rt_window_update              (RtWindow      *self);
void      _rt_window_update_signed_in    (RtWindow      *self);
gboolean  _rt_window_can_retry_sign_in   (RtWindow      *self);

/* Shows @session's account (signing it in with its saved key if it is not
 * yet) or its sign-in page. In rt-window.c. */
void      _rt_window_show_session        (RtWindow      *self,
                                          RtSession     *session);
/* A question about the shown account remembers it; its answer counts only
 * while that account still shows (a notification's Open may switch while
 * it is open). In rt-window.c. */
void       _rt_window_tie_dialog          (RtWindow      *self,
                                           GtkWindow     *dialog);
gboolean   _rt_window_dialog_is_current   (RtWindow      *self,
                                           GtkWindow     *dialog);
RtSession *_rt_window_dialog_get_session  (GtkWindow     *dialog);

/* Signing in and out with the keyring's part in it. In rt-window-sign-in.c. */
void      _rt_window_class_sign_in_init  (RtWindowClass *klass);
void      _rt_window_sign_in_at_start    (RtWindow      *self);
/* Looks up the shown session's saved key and signs in with it. */
void      _rt_window_sign_in_saved       (RtWindow      *self);
void      _rt_window_retry_sign_in       (RtWindow      *self);
void      _rt_window_show_sign_in        (RtWindow      *self,
                                          const char    *server,
                                          const char    *error);
/* Re-reads which tokens have a secret saved in the keyring (the table's icon). */
void      _rt_window_reload_saved_secrets (RtWindow     *self);

/* The filter bar, the selection bar, bulk delete and the CSV export, with
 * their actions. In rt-window-filters.c; _rt_window_update_filters() is
 * called by rt-window.c whenever the view is updated. */
void      _rt_window_class_filters_init  (RtWindowClass *klass);
void      _rt_window_filters_init        (RtWindow      *self);
void      _rt_window_update_filters      (RtWindow      *self);

G_END_DECLS
