# The admin's frame: navigation and the account corner.
admin-title-suffix = folio 后台
nav-articles = 文章
nav-tags = 标签
nav-categories = 分类
nav-import = 导入
nav-export = 导出
nav-users = 用户
nav-audit = 审计日志
nav-tokens = API 令牌
nav-main = 主导航
logout = 退出登录

# The login page.
login-title = 登录
login-email = 邮箱
login-password = 密码
login-submit = 登录
login-wrong = 邮箱或密码错误。
login-too-long = 邮箱最多 { $email_bytes } 字节，密码最多 { $password_bytes } 字节。
