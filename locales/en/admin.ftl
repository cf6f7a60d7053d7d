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
account-preferences = Language and time zone
account-language = Language
account-language-browser = The browser's
account-zone = Time zone (the admin shows and reads times in it)
account-save-preferences = Save
account-preferences-saved = Saved: times are shown in { $zone }.
account-zone-saved = Your time zone is now { $zone }.
# Each language by its own name, the same in every catalog.
lang-zh-CN = 简体中文
lang-en = English
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
import-on-duplicate-slug = When two files of this import have one slug
import-duplicate-fail = fail the second
import-duplicate-rename = rename the second (-2, -3…)
import-atomic = All or nothing: any failed file cancels the whole import
import-upload = Upload
import-dry-run-report = Dry run report
import-report = Import report
import-for-real = Import these files now

# Counts and pages.
count-exact = { $count }
count-capped = { $count }+
pager = Pages
pager-previous = ← previous
pager-next = next →
pager-page = page { $page }
pager-page-of = page { $page } of { $pages }

# The article list.
articles-title = Articles
articles-trash = Trash
articles-live = Live articles
articles-search = Search
articles-search-placeholder = 金融, Rust…
articles-any = any
articles-tag = Tag
articles-category = Category
articles-author = Author
articles-sort = Sort
articles-sort-newest = newest
articles-sort-oldest = oldest
articles-sort-best = best match
articles-sort-modified = last modified
articles-sort-title = title
articles-filter = Filter
articles-select-all = Select all
articles-select = Select “{ $title }”
articles-date = Date
articles-updated = Updated
articles-late = late
articles-late-why = published after its time: the server was down
articles-none = No articles.
articles-empty-trash = Empty the trash
articles-confirm-empty-trash = Delete every article in the trash for good? This cannot be undone.

# Bulk actions on the selected articles.
bulk-action = Bulk action
bulk-add_tags = Add tags
bulk-remove_tags = Remove tags
bulk-set_category = Set category
bulk-publish = Publish
bulk-unpublish = Unpublish
bulk-delete = Move to trash
bulk-restore = Restore
bulk-value = Tags or category
bulk-value-placeholder = tags, or a category path
bulk-apply = Apply to selected

# The article editor.
editor-new = New article
editor-edit = Edit article
editor-not-saved = Not saved; please fix:
editor-conflict-heading = Someone else saved this article while you were editing
editor-conflict-fields = Both of you changed: { $fields }. Your text is still in the form below. Their version is on the left, yours on the right. Saving again keeps yours.
editor-published-late = published late
editor-publishes-at = publishes at { $time }
editor-published-at = published { $time }
editor-updated-at = updated { $time }
editor-publish-now = Publish now
editor-unpublish = Unpublish
editor-republish = Republish
editor-republish-why = public again, with updated = now; the original date stays
editor-schedule-at = Publish at
editor-schedule = Schedule
editor-reschedule = Change the time
editor-preview-site = Preview on the site (saved version)
editor-revisions = Revisions
editor-trash = Move to trash
editor-confirm-trash = Move this article to the trash?
editor-title = Title
editor-slug = Slug (its name in URLs; leave it empty on a new article to make it from the title)
editor-body = Body (HTML or Markdown, as imported)
editor-tags = Tags (comma separated)
editor-categories = Categories (one path a line: 新媒体 > 新闻)
editor-cover = Cover image URL
editor-thumbnail = Thumbnail image URL
editor-comments = Comments
editor-comments-unset = as the site decides (not in the front matter)
editor-comments-on = on
editor-comments-off = off
editor-permalink = Permalink (Hexo's permalink key; optional)
editor-image-preview = preview of the image at this address
picker-new-tag = new tag
picker-remove = Remove
picker-add-tag = Add a tag (Enter or a comma adds it)
picker-find-category = Find a category
picker-create-category = Create the category
picker-new-category = new category
picker-no-category = No category has this name.
editor-author = Author (credit)
editor-date = Date
editor-excerpt = Excerpt
editor-extra = Other front-matter keys (JSON)
editor-save = Save
editor-preview = Preview
editor-preview-empty = The preview appears as you type.
editor-session-ended = Your session has ended: log in again (your changes are kept in this browser).
editor-draft-found = This browser holds unsaved changes from
editor-draft-restore = Restore them
editor-draft-discard = Discard
editor-draft-kept = unsaved changes kept in this browser
editor-autosave-found = An autosaved version of your changes is on the server, from { $time }.
editor-autosaved = autosaved { $time }
editor-mode = Editing mode
editor-mode-visual = Visual
editor-mode-source = Source
editor-toolbar = Formatting
editor-block-type = Block type
editor-block-other = (other)
editor-block-paragraph = Paragraph
editor-block-h2 = Heading 2
editor-block-h3 = Heading 3
editor-block-h4 = Heading 4
editor-cmd-bold = Bold (Ctrl+B)
editor-cmd-italic = Italic (Ctrl+I)
editor-cmd-link = Link (Ctrl+K)
editor-cmd-link-label = Link
editor-cmd-undo-label = Undo
editor-cmd-redo-label = Redo
editor-cmd-bullet = Bulleted list
editor-cmd-ordered = Numbered list
editor-cmd-quote = Quote
editor-cmd-image = Image
editor-cmd-clear = Remove formatting
editor-cmd-undo = Undo (Ctrl+Z)
editor-cmd-redo = Redo (Ctrl+Y)
editor-visual-label = Body, visual editor
editor-source-label = Body, source
editor-raw-block = Shown as it is: edit this block in the source mode
editor-comment-block = (an HTML comment)
editor-link-url = Link address:
editor-image-url = Image address:
editor-image-alt = Text describing the image (for readers who cannot see it):
editor-convert = This body is Markdown. The visual editor edits HTML only: convert the body to HTML? (The Markdown source is replaced when you save.)
editor-formatted-view = One block a line
editor-source-hint = Ctrl+F opens search and replace. The formatted view is saved only if you edit in it.
editor-save-shortcut = Ctrl+S saves
source-find = Find
source-replace = Replace
source-next = next
source-previous = previous
source-all = all
source-match-case = match case
source-regexp = regexp
source-by-word = by word
source-replace-one = replace
source-replace-all = replace all
source-close = close
source-current-match = current match
source-replaced-matches = replaced $ matches
source-replaced-on-line = replaced match on line $
source-on-line = on line
source-goto-line = Go to line
source-go = go
source-control-character = Control character
source-selection-deleted = Selection deleted

# What an action did, shown once on the next page.
flash-created = Article created.
flash-saved = Saved (version { $version }).
flash-published = Published: readers can see it now.
flash-unpublished = Unpublished: readers no longer see it.
flash-republished = Republished, with updated = now.
flash-scheduled = Scheduled: it publishes at { $time }.
flash-trashed = “{ $title }” moved to the trash.
flash-restored = Version { $restored } restored, saved as version { $version }.

# An article's revisions, and two compared.
revisions-title = Revisions of “{ $title }”
revisions-heading = Revisions of
revisions-from = From
revisions-to = To
revisions-version = Version
revisions-saved = Saved
revisions-by = By
diff-text-changed = Text changed
diff-markup-changed = Markup changed
diff-rendered = As the page shows it, before and after (changed blocks marked)
diff-before = Before
diff-after = After
diff-field-slug = Slug
diff-field-title = Title
diff-field-status = Status
diff-field-date = Date
diff-field-updated = Updated
diff-field-author = Author
diff-field-headimg = Cover image
diff-field-thumbnail = Thumbnail
diff-field-comments = Comments
diff-field-permalink = Permalink
diff-field-excerpt = Excerpt
diff-field-tags = Tags
diff-field-categories = Categories
diff-field-body = Body
diff-field-extra = Other front-matter keys
diff-field-front-matter = Front matter
revisions-compare-from = compare from
revisions-compare-to = compare to
revisions-current = { $version } (current)
revisions-import = import or scheduler
revisions-restore = Restore
revisions-none = No earlier revisions.
revisions-compare = Compare
compare-heading = Version { $from } ↔ version { $to }
compare-back = Back to the revisions
compare-same = The two versions are the same.

# Asking before a destructive action (the page shown without a script).
confirm-title = Please confirm
confirm-cancel = Cancel

# Confirmations and messages of the list, tags, tokens and users.
bulk-confirm-delete-selected = Move the selected articles to the trash?
bulk-confirm-delete = Move { $count ->
    [one] one article
   *[other] { $count } articles
} to the trash?
articles-confirm-empty-trash-n = Delete { $count ->
    [one] the one article
   *[other] the { $count } articles
} in the trash for good? This cannot be undone.
bulk-done-add_tags = Tags added
bulk-done-remove_tags = Tags removed
bulk-done-set_category = Category set
bulk-done-publish = Published
bulk-done-unpublish = Unpublished
bulk-done-delete = Moved to the trash
bulk-done-restore = Restored
flash-bulk = { $action }: { $changed ->
    [one] one article
   *[other] { $changed } articles
}{ $unchanged ->
    [0] .
    [one] ; one other needed no change or is gone.
   *[other] ; { $unchanged } others needed no change or are gone.
}
flash-trash-emptied = { $count ->
    [one] One article
   *[other] { $count } articles
} deleted from the trash for good.
tags-confirm-merge-selected = Merge the selected tags?
tags-confirm-merge = Merge { $count ->
    [one] one tag
   *[other] { $count } tags
} into “{ $name }”?
flash-tag-renamed = Tag renamed to “{ $name }”.
flash-tags-merged = { $count ->
    [one] One tag
   *[other] { $count } tags
} merged into “{ $name }”.
flash-tag-deleted = Tag “{ $name }” deleted (it was on { $count ->
    [one] one article
   *[other] { $count } articles
}).
tokens-confirm-revoke = Revoke the token “{ $name }”? Scripts using it will be refused.
flash-token-revoked = Token “{ $name }” revoked.
flash-user-disabled = { $email } disabled.
flash-user-enabled = { $email } enabled.
flash-role-set = { $email } is now { $role }.

# Import reports and runs.
import-col-total = total
import-col-created = created
import-col-would-create = would create
import-col-updated = updated
import-col-would-update = would update
import-col-unchanged = unchanged
import-col-skipped = skipped
import-col-failed = failed
import-col-warned = with warnings
import-warning = Warning: { $problem }
import-col-file = File
import-col-result = Result
import-col-slug = Slug
import-col-problem = Problem
import-status-created = created
import-status-would-create = would create
import-status-updated = updated
import-status-would-update = would update
import-status-unchanged = unchanged
import-status-skipped = skipped
import-status-failed = failed
import-rolled-back = Nothing was written: a file failed and the import was all or nothing.
import-problem-at-line = { $problem } (line { $line })
import-more = { $count ->
    [one] One more item, not shown here:
   *[other] { $count } more items, not shown here:
}
import-more-json = the whole report as JSON
import-run-title = Import run { $id }
import-state = State
import-state-queued = queued
import-state-running = running
import-state-finished = finished
import-state-failed = failed
import-dry-run-short = dry run
import-started = started { $time }
import-ended = ended { $time }
import-progress = Import progress
import-follow = This page follows the import; you may leave it, the import goes on.
import-run-failed = The import failed: { $error }
import-more-files = Import more files

# Audit log actions, by their code.
audit-do-create = created an article
audit-do-save = saved an article
audit-do-publish = published
audit-do-unpublish = unpublished
audit-do-republish = republished
audit-do-schedule = scheduled
audit-do-delete = moved to the trash
audit-do-restore_revision = restored a revision
audit-do-bulk = bulk action
audit-do-empty_trash = emptied the trash
audit-do-rename_tag = renamed a tag
audit-do-merge_tags = merged tags
audit-do-delete_tag = deleted a tag
audit-do-rename_category = renamed a category
audit-do-move_category = moved a category
audit-do-merge_category = merged categories
audit-do-delete_category = deleted a category
audit-do-create_user = added a user
audit-do-set_role = set a role
audit-do-disable_user = disabled a user
audit-do-enable_user = enabled a user
audit-do-reset_password = reset a password
audit-do-change_password = changed their password
audit-do-set_preferences = set language and time zone
audit-do-create_token = created an API token
audit-do-revoke_token = revoked an API token
audit-do-import = imported
audit-do-export = exported
audit-do-login = logged in
audit-do-logout = logged out
audit-do-login_failed = failed to log in
audit-do-password_check_failed = failed a password check

# The dashboard's failed imports.
dashboard-import-summary = { $total ->
    [one] one file
   *[other] { $total } files
}: { $created } imported, { $failed } failed
import-origin-http = admin or API
import-origin-cli = command line

# An article in the trash.
trashed-since = This article is in the trash (since { $time }). Restore it to edit it.
trashed-restore = Restore
trashed-back = Back to the trash
flash-untrashed = “{ $title }” restored from the trash.
audit-do-restore = restored from the trash

# Tags and categories at scale.
tags-search = Search tags
tags-select-column = Select
tags-new-name-of = New name of “{ $name }”
categories-title = Categories
categories-search = Search categories
categories-found = { $count } found
categories-category = Category
categories-own = Its articles
categories-total = With sub-categories
categories-none = No categories yet.
categories-back = ← All categories
categories-counts = { $own ->
    [one] one article filed here
   *[other] { $own } articles filed here
}, { $total } with those under it
categories-see-articles = See the articles
categories-rename = Rename
categories-new-name = New name
categories-move = Move
categories-move-under = Move under (empty: to the top; type to search)
categories-top-level = the top level
categories-merge = Merge
categories-merge-into = Merge into (type to search)
categories-confirm-merge = Merge “{ $path }” into the chosen category? Its articles and sub-categories move there.
categories-delete = Delete
categories-confirm-delete = Delete this empty category (and its empty sub-categories)?
categories-not-empty = A category with articles cannot be deleted: move or merge it first.
flash-category-renamed = Category renamed to “{ $name }”.
flash-category-moved = Category moved.
flash-category-merged = Categories merged.
flash-category-deleted = Category deleted.

## The media library (issue 17)
nav-media = Media
media-title = Media library
media-choose = Images
media-upload = Upload
media-upload-hint = JPEG, PNG, GIF or WebP; up to 50 at once.
media-search = Search
media-search-placeholder = File name, site or article
media-only-unused = Only unused
media-unused = Unused
media-used-in = Used in { $count ->
    [one] one article
   *[other] { $count } articles
}
media-none = No images yet.
media-address = Address
media-size = Size
media-added = Added
media-origin = Fetched from
media-copies = Smaller copies
media-copies-pending = Being made…
media-copies-none = None (it is small, or animated)
media-used-by = Used by
media-used-by-none = No article uses this image.
media-in-trash = in the trash
media-delete = Delete image
media-confirm-delete = Delete the image “{ $name }”? Its file and copies are removed for good.
media-too-many-files = At most { $max } files at once.
media-file-too-large = larger than { $max } bytes
flash-media-uploaded = { $count ->
    [one] One image uploaded.
   *[other] { $count } images uploaded.
}
flash-media-refused = Not kept: { $list }
flash-media-deleted = Image “{ $name }” deleted.
flash-media-in-use = “{ $name }” is used by an article now, so it was not deleted.
editor-uploading = Uploading
editor-uploaded = Uploaded to the media library
editor-upload-failed = Not uploaded
editor-upload-hint = Paste or drop images into the body to upload them.
editor-media-choose = Choose an image…
editor-media-upload = Upload
editor-media-use-address = Use this address
editor-media-close = Cancel

## Bringing images home (issue 17)
editor-fetch-images = Bring { $count ->
    [one] its image
   *[other] its { $count } images
} home
editor-fetch-images-why = Download the images this article shows from other sites into the media library, and show those copies instead (the original addresses are kept).
bulk-fetch_images = Bring images home
fetch-title = Bringing images home
fetch-running = Working…
fetch-progress = { $done } of { $total } articles, { $images } images so far.
fetch-summary = { $articles } articles, { $rewritten } rewritten. Images: { $fetched } fetched, { $had } already in the library, { $failed } failed.
fetch-interrupted = This run was cut short (folio stopped). Start it again: images already brought home are not fetched twice.
fetch-failed-run = The run stopped:
fetch-none = No article here shows images from other sites.
fetch-col-outcome = Result
fetch-col-article = Article
fetch-col-image = Image
fetch-col-reason = Why
fetch-outcome-fetched = Fetched
fetch-outcome-had = Already had
fetch-outcome-failed = Failed
fetch-code-http_status = The site answered { $status }.
fetch-code-timeout = No whole answer within 15 seconds.
fetch-code-too_big = Larger than the largest image kept.
fetch-code-not_image = Not an image folio keeps (JPEG, PNG, GIF, WebP).
fetch-code-damaged = The image is damaged or cut short.
fetch-code-too_many_pixels = Over 50 megapixels.
fetch-code-refused_address = Its address is on a private network or this machine; folio does not fetch from there.
fetch-code-redirects = Too many redirects, or a redirect loop.
fetch-code-network = The site could not be reached.
fetch-code-bad_url = Not an http or https address.
fetch-code-store = The media store could not keep it.
