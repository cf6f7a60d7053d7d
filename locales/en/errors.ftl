# What the server answers when a request fails: the message of the JSON
# error and of the error page (the `code` stays English for programs).
error-not-found = not found
error-unauthenticated = log in first
error-forbidden = your role does not allow this
error-csrf = the request's CSRF token or origin was missing or wrong; reload the page and try again
error-too-many-logins = too many failed logins; try again in { $seconds } seconds
error-busy = the server is busy; try again in { $seconds } seconds
error-too-large = the body is larger than this server accepts
error-too-slow = the request's body arrived too slowly
error-method = this path answers { $allow } only
error-unavailable = the database is unavailable
error-internal = internal error
error-invalid = { $field }: { $message }

# Reading requests.
error-send-json = send application/json
error-json-shape = the body does not have the expected shape: { $detail }
error-json-syntax = the body is not valid JSON: { $detail }
error-body-unreadable = the body cannot be read: { $detail }
error-form-unreadable = the form cannot be read: { $detail }
error-visual-edits = the visual editor's changes do not fit this body ({ $detail }); switch to the source mode and save again
error-comments-value = comments must be on, off or unset, not { $given }
error-autosave-fields = an autosave holds the form's fields, each a text
error-query = the query string does not have the expected shape: { $detail }
error-upload-unreadable = cannot read the upload: { $detail }
error-return-path = the page to return to holds a control character
error-not-boolean = { $given } is not true or false
error-not-an-id = { $given } is not an id
error-field-too-long = the field is too long

# Texts and names.
error-text-nul = it holds a NUL byte
error-text-bidi = it holds the bidirectional control { $char }, which reorders the text after it
error-title-empty = the title is empty
error-slug-empty = the slug is empty
error-slug-too-long = the slug is longer than { $max } characters
error-slug-taken = slug: { $slug } is already taken by another article
error-name-empty = a tag or category name is empty
error-name-too-long = the name { $name } is longer than { $max } characters
error-status-unknown = unknown status { $given }: expected draft, published, scheduled or unpublished
error-role-unknown = unknown role { $given }: expected admin, editor or author
error-email = { $given } is not an email address
error-date = { $given } is not a date
error-zone-unknown = { $given } is not a time zone
error-lang-unknown = { $given } is not zh-CN or en

# Articles.
error-extra-json = other front-matter keys must be a JSON object: { $detail }
error-version-missing-form = the form does not say which version it edited
error-version-missing-api = say which version you edited (If-Match or "version")
error-version-stale = version { $edited } is stale: the article is at version { $current }
error-etag = { $given } is not a version this API gave
error-kept-changing = the article kept changing while it was saved: save again
error-changed-meanwhile = the article was changed by someone else (fields: { $fields })
error-schedule-with-button = use Schedule to pick when it publishes
error-select-articles = select at least one article
error-bulk-action = unknown action { $given }

# Tags and categories.
error-select-tags = select the tags to merge
error-sibling-named = a sibling is already called { $name }; merge them instead
error-under-itself = a category cannot move under itself

# People, passwords and tokens.
error-password-wrong = the password is wrong
error-passwords-differ = the two new passwords differ
error-password-short = use at least { $min } characters
error-password-long = use at most { $max } bytes
error-password-guessable = this password is too easy to guess
error-password-guessable-because = this password is too easy to guess: { $why }
error-email-taken = { $email } already has an account
error-last-admin = folio needs at least one enabled admin
error-token-name = give the token a name of 1 to 100 characters
zxcvbn-rows = Straight rows of keys are easy to guess.
zxcvbn-keyboard = Short keyboard patterns are easy to guess.
zxcvbn-repeats = Repeats like "aaa" are easy to guess.
zxcvbn-repeated-words = Repeats like "abcabcabc" are only slightly harder to guess than "abc".
zxcvbn-top10 = This is a top-10 common password.
zxcvbn-top100 = This is a top-100 common password.
zxcvbn-common = This is a very common password.
zxcvbn-similar = This is similar to a commonly used password.
zxcvbn-sequences = Sequences like abc or 6543 are easy to guess.
zxcvbn-years = Recent years are easy to guess.
zxcvbn-word = A word by itself is easy to guess.
zxcvbn-dates = Dates are often easy to guess.
zxcvbn-names = Names and surnames by themselves are easy to guess.
zxcvbn-common-names = Common names and surnames are easy to guess.

# Imports and exports.
error-import-type = { $given }: send multipart/form-data, application/zip, application/gzip or application/json
error-no-file-part = send at least one part named file
error-choose-files = choose at least one file
error-upload-gone = this upload is gone (already imported?): upload the files again
error-on-conflict = { $given } is not skip, update or fail
error-on-duplicate-slug = { $given } is not fail or rename
error-file-name-long = the file name { $name }… is longer than { $max } bytes
error-export-password = a whole-database export asks for your password: use the export page
error-export-format = { $given } is not sqlite, json or hexo

# The admin's error page.
error-page-404 = Not found
error-page-4xx = The request could not be done
error-page-5xx = The server failed
error-page-logged = something went wrong; the error was logged
error-page-back = Back to the dashboard

# What an import report's error codes mean (the import's own detail follows).
import-problem-unreadable = The file cannot be read
import-problem-unsupported_type = Not a type of file folio imports
import-problem-unsafe_path = An unsafe path in the archive
import-problem-symlink = A symbolic link in the archive
import-problem-too_large = The file is too large
import-problem-too_many_entries = Too many files in the archive
import-problem-compression_ratio = Too large once unpacked (a compression bomb?)
import-problem-nested_archive = An archive inside the archive
import-problem-empty_archive = The archive is empty
import-problem-bad_archive = The archive is damaged or unreadable
import-problem-malformed_json = Malformed JSON
import-problem-not_folio_json = Not a folio/v1 export
import-problem-invalid_document = The export's content is invalid
import-problem-invalid_yaml = The front matter cannot be read
import-problem-yaml_limit = The front matter is past a limit
import-problem-invalid_field = A field's value is invalid
import-problem-invalid_date = A date that cannot be read
import-problem-invalid_slug = An invalid slug
import-problem-invalid_tag = An invalid tag
import-problem-invalid_category = An invalid category
import-problem-invalid_user = Invalid user data
import-problem-duplicate_slug = A slug twice
import-problem-conflict = The slug is taken by an article already here
import-problem-nul_byte = It holds a NUL byte
import-problem-bidi_control = It holds a bidirectional control
import-problem-unreadable_date = A date Hexo cannot read: the file's time was taken
import-problem-tag_case = A tag that differs from another only in case: they are one tag
import-problem-slug_renamed = A slug another file of this import has: renamed
import-problem-unknown_tag = A tag of a theme or plugin: shown as written
import-problem-not_kept = A file of the site folio does not keep (only posts, pages and images)
import-problem-page_path_taken = Another page has this path
import-problem-other = The import failed ({ $code })
error-no-such-category = there is no category { $given }
error-category-not-empty = the category holds articles: it cannot be deleted
error-media-empty = the file is empty
error-media-too-large = the file is { $bytes } bytes; the largest image kept is { $max } bytes
error-media-svg = SVG images are not accepted (they can carry scripts): use PNG, JPEG, GIF or WebP
error-media-not-image = the file is not an image (it looks like { $looks }): folio keeps PNG, JPEG, GIF and WebP
error-media-pixels = the image is { $width } × { $height } pixels; the largest kept is { $max } pixels in all
error-media-damaged = the image is damaged or cut short ({ $detail })
error-media-name = the file name { $name } is not accepted: { $why }
error-media-no-file = send the image as a multipart part named "file"
error-media-multipart = send the image as multipart/form-data, in a part named "file"
error-media-name-long = longer than 255 bytes
error-media-name-folder = it names a folder
error-media-name-control = it holds control characters
error-media-name-empty = it is empty
error-range = must be a whole number from { $min } to { $max }
