# The admin's frame: navigation and the account corner.
admin-title-suffix = folio admin
nav-articles = Articles
nav-tags = Tags
nav-categories = Categories
nav-import = Import
nav-export = Export
nav-users = Users
nav-audit = Audit
nav-tokens = API tokens
nav-main = Main navigation
logout = Log out

# The login page.
login-title = Log in
login-email = Email
login-password = Password
login-submit = Log in
login-wrong = The email or the password is wrong.
login-too-long = An email has at most { $email_bytes } bytes, a password at most { $password_bytes } bytes.

# API tokens.
tokens-title = API tokens
tokens-intro = For scripts: <code>Authorization: Bearer …</code> on <code>/admin/api/*</code>, with the role of the token's user.
tokens-shown-once = Your new token:
tokens-shown-once-note = copy it now; it is shown once and only its hash is kept.
tokens-name = Name
tokens-name-placeholder = nightly backup
tokens-your-password = Your password
tokens-create = Create a token
tokens-user = User
tokens-created = Created
tokens-last-used = Last used
tokens-never = never
tokens-revoked = revoked
tokens-revoke = Revoke
tokens-none = No tokens.

# The account page.
account-title = Account
account-heading = Your account
account-tokens-heading = Your API tokens still work
account-tokens-note = A new password does not end API tokens. Revoke any that someone else may know.
account-password-heading = Change your password
account-current = Current password
account-new = New password (12 characters or more, not easy to guess)
account-confirm = New password again
account-change = Change
account-changed = Password changed; your other sessions were ended.

# The export page.
export-title = Export
export-sqlite = SQLite snapshot
export-sqlite-all = the whole database, consistent, without sessions, tokens, password hashes or anything deleted; folio runs on it directly.
export-sqlite-content = the whole database, consistent, without sessions, tokens, password hashes, anything deleted, users or the audit log; folio runs on it directly.
export-download = Download
export-json = folio/v1 JSON
export-json-all = every article, tag, category and user.
export-json-content = every article, tag and category.
export-hexo = Hexo zip
export-hexo-note = <code>source/_posts/{"{"}slug{"}"}.md</code>, as Hexo builds them.

# Article statuses, wherever they are shown.
status-draft = draft
status-published = published
status-scheduled = scheduled
status-unpublished = unpublished
status-trash = trash

# The dashboard.
dashboard-title = Dashboard
dashboard-new-article = New article
dashboard-recent = Recent edits
dashboard-scheduled = Scheduled
dashboard-failed-imports = Failed imports
column-title = Title
column-status = Status
column-modified = Modified
column-publishes-at = Publishes at
column-run = Run
column-started = Started
column-what-happened = What happened
dashboard-nothing-scheduled = Nothing scheduled.
dashboard-no-failed-imports = None.

# Roles.
role-admin = admin
role-editor = editor
role-author = author

# The users page.
users-title = Users
users-shown-once = Password of { $email }:
users-shown-once-note = shown once; pass it on safely.
users-email = Email
users-role = Role
users-state = State
users-since = Since
users-set-role = Set
users-active = active
users-disabled = disabled
users-enable = Enable
users-disable = Disable
users-confirm-disable = Disable { $email }? Their sessions and API tokens stop working.
users-reset-password = Reset password
users-confirm-reset = Give { $email } a new generated password?
users-add-heading = Add a user
users-password = Password (empty: generate one, shown once; else 12 characters or more, not easy to guess)
users-add = Add

# The audit log.
audit-title = Audit log
audit-action = Action
audit-filter = Filter
audit-when = When
audit-who = Who
audit-what = What
audit-on = On
audit-detail = Detail
audit-from = From
audit-nothing = Nothing recorded.
audit-older = older →

# The tags page.
tags-title = Tags
tags-merge-into = Merge the selected tags into
tags-merge-placeholder = a tag name
tags-merge = Merge
tags-tag = Tag
tags-slug = Slug
tags-articles = Articles
tags-rename = Rename
tags-new-name = new name
tags-select = select { $name }
tags-delete = Delete
tags-confirm-delete = Delete the tag { $name } from { $count ->
    [one] one article
   *[other] { $count } articles
}?
tags-none = No tags yet.

# The import page.
import-title = Import
import-files = Hexo posts (.md, .markdown, .txt), archives (.zip, .tar.gz) or a folio/v1 JSON export
import-dry-run = Dry run: check everything, write nothing
import-on-conflict = When a slug already exists
import-conflict-skip = skip the file
import-conflict-update = update the article
import-conflict-fail = fail the file
import-atomic = All or nothing: any failed file cancels the whole import
import-upload = Upload
import-dry-run-report = Dry run report
import-report = Import report
import-for-real = Import these files now
