/* rt-window-private.h: what rt-window.c shares with rt-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rt-window.h"

#include "rt-account.h"
#include "rt-client.h"
#include "rt-clipboard.h"
#include "rt-secret-store.h"
#include "rt-sign-in-page.h"
#include "rt-token.h"
#include "rt-token-store.h"
#include "rt-token-table.h"

G_BEGIN_DECLS

struct _RtWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Cancelled when the window is destroyed or disposed: replies hold the
   * window, and find it closed (docs/DESIGN.md, Conventions). */
  GCancellable         *cancellable;

  /* Signed-in state: all NULL while the sign-in page shows. */
  char                 *server;
  RtClient             *client;
  RtAccount            *account;

  /* Every token the account can see, kept up to date in place. */
  RtTokenStore         *tokens;

  RtSecretStore        *secret_store;
  RtClipboard          *clipboard;

  /* Template children shared with the actions. */
  AdwToastOverlay      *toast_overlay;
  GtkColumnView        *column_view;
  GtkSingleSelection   *selection;

  /* Only rt-window.c uses what follows. */

  /* Cancelled on sign-out: the signed-in session's own calls. */
  GCancellable         *session_cancellable;
  /* A start-up sign-in that failed for a reason Try Again may fix. */
  struct _RtWindowSignIn *retry_sign_in;
  /* Why the list could not be loaded, while there is nothing to show. */
  char                 *load_error;
  /* Ids of the tokens with a secret in the keyring. */
  GHashTable           *saved_secret_ids;
  /* The selected token, watched for busy and has-saved-secret. */
  GSignalGroup         *watched_token;
  guint                 midnight_source;
  /* Signed in with --server and REGISTRY_TOKENS_ACCESS_KEY: nothing stored. */
  guint                 ephemeral : 1;
  /* Looking up the stored key, or checking it, at start-up. */
  guint                 connecting : 1;
  guint                 window_state_saved : 1;

  AdwWindowTitle       *window_title;
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
};

/* Installs the token actions (generate, re-sync, re-generate, delete, copy
 * name, forget saved secret) on the window class. In rt-window-actions.c. */
void      _rt_window_class_actions_init  (RtWindowClass *klass);

/* Enables or disables the token actions for the current selection and for
 * busy tokens. In rt-window-actions.c; called by rt-window.c whenever the
 * selection, the signed-in state or a token's busy flag changes. */
void      _rt_window_update_actions      (RtWindow      *self);

/* Helpers in rt-window.c for the actions. */
RtToken  *_rt_window_find_token          (RtWindow      *self,
                                          const char    *token_id);
void      _rt_window_show_toast          (RtWindow      *self,
                                          const char    *text);
/* Shows an RtClient error the way the window does everywhere: a toast with
 * the error's message, or, for UNAUTHORIZED, back to sign-in with the server
 * filled in. */
void      _rt_window_show_error          (RtWindow      *self,
                                          const GError  *error);
/* The server's new state of a token after an action: update it in place. */
void      _rt_window_token_changed       (RtWindow      *self,
                                          RtToken       *token);
/* A token that is gone (deleted, or 404 from the server). */
void      _rt_window_token_removed       (RtWindow      *self,
                                          const char    *token_id);
/* Re-reads which tokens have a secret saved in the keyring (the table's icon). */
void      _rt_window_reload_saved_secrets (RtWindow     *self);

G_END_DECLS
