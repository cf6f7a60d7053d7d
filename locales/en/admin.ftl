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
