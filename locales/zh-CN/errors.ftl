# What the server answers when a request fails: the message of the JSON
# error and of the error page (the `code` stays English for programs).
error-not-found = 找不到该页面或对象
error-unauthenticated = 请先登录
error-forbidden = 你的角色无权执行此操作
error-csrf = 请求缺少 CSRF 令牌或来源不对；请刷新页面后重试
error-too-many-logins = 登录失败次数过多；请在 { $seconds } 秒后重试
error-busy = 服务器繁忙；请在 { $seconds } 秒后重试
error-too-large = 请求内容超过了服务器接受的大小
error-too-slow = 请求内容传输过慢
error-method = 此路径只接受 { $allow }
error-unavailable = 数据库暂不可用
error-internal = 服务器内部错误
error-invalid = { $field }：{ $message }

# Reading requests.
error-send-json = 请发送 application/json
error-json-shape = 请求内容的结构不符合要求：{ $detail }
error-json-syntax = 请求内容不是有效的 JSON：{ $detail }
error-body-unreadable = 无法读取请求内容：{ $detail }
error-form-unreadable = 无法读取表单：{ $detail }
error-visual-edits = 可视化编辑的改动与正文对不上（{ $detail }）；请切换到源码模式后再保存
error-comments-value = 评论只能是开启、关闭或不设置，而不是 { $given }
error-autosave-fields = 自动保存的内容应是表单的各个字段，每个都是文本
error-query = 查询参数的格式不对：{ $detail }
error-upload-unreadable = 无法读取上传的内容：{ $detail }
error-return-path = 要返回的页面地址含有控制字符
error-not-boolean = { $given } 不是 true 或 false
error-not-an-id = { $given } 不是有效的编号
error-field-too-long = 字段内容过长

# Texts and names.
error-text-nul = 含有 NUL 字节
error-text-bidi = 含有双向控制字符 { $char }，它会打乱其后文字的显示顺序
error-title-empty = 标题不能为空
error-slug-empty = 别名不能为空
error-slug-too-long = 别名不能超过 { $max } 个字符
error-slug-taken = 别名 { $slug } 已被另一篇文章使用
error-name-empty = 标签或分类名称不能为空
error-name-too-long = 名称 { $name } 超过了 { $max } 个字符
error-status-unknown = 未知状态 { $given }：应为 draft、published、scheduled 或 unpublished
error-role-unknown = 未知角色 { $given }：应为 admin、editor 或 author
error-email = { $given } 不是有效的邮箱地址
error-date = 无法识别的日期 { $given }
error-zone-unknown = { $given } 不是时区名称
error-lang-unknown = { $given } 不是 zh-CN 或 en

# Articles.
error-extra-json = 其他 front matter 字段必须是一个 JSON 对象：{ $detail }
error-version-missing-form = 表单没有注明所编辑的版本
error-version-missing-api = 请注明所编辑的版本（If-Match 或 "version"）
error-version-stale = 版本 { $edited } 已过时：文章现在是版本 { $current }
error-etag = { $given } 不是本接口给出的版本
error-kept-changing = 保存期间文章一直在被修改：请再保存一次
error-changed-meanwhile = 文章已被他人修改（字段：{ $fields }）
error-schedule-with-button = 请用“定时发布”选择发布时间
error-select-articles = 请至少选择一篇文章
error-bulk-action = 未知的批量操作 { $given }

# Tags and categories.
error-select-tags = 请选择要合并的标签
error-sibling-named = 同一层级已有名为 { $name } 的分类；请改用合并
error-under-itself = 分类不能移到它自己下面

# People, passwords and tokens.
error-password-wrong = 密码错误
error-passwords-differ = 两次输入的新密码不一致
error-password-short = 密码至少需要 { $min } 个字符
error-password-long = 密码最多 { $max } 字节
error-password-guessable = 这个密码太容易被猜到
error-password-guessable-because = 这个密码太容易被猜到：{ $why }
error-email-taken = { $email } 已有账户
error-last-admin = folio 至少需要一个启用的管理员
error-token-name = 请给令牌起一个 1 到 100 个字符的名称
zxcvbn-rows = 键盘上连成一排的按键很容易被猜到。
zxcvbn-keyboard = 简短的键盘图案很容易被猜到。
zxcvbn-repeats = 像“aaa”这样的重复很容易被猜到。
zxcvbn-repeated-words = 像“abcabcabc”这样的重复只比“abc”难猜一点点。
zxcvbn-top10 = 这是最常用的 10 个密码之一。
zxcvbn-top100 = 这是最常用的 100 个密码之一。
zxcvbn-common = 这是非常常见的密码。
zxcvbn-similar = 这与一个常用密码很相似。
zxcvbn-sequences = 像 abc 或 6543 这样的序列很容易被猜到。
zxcvbn-years = 最近的年份很容易被猜到。
zxcvbn-word = 单独一个词很容易被猜到。
zxcvbn-dates = 日期通常很容易被猜到。
zxcvbn-names = 单独的名字或姓氏很容易被猜到。
zxcvbn-common-names = 常见的名字和姓氏很容易被猜到。

# Imports and exports.
error-import-type = { $given }：请发送 multipart/form-data、application/zip、application/gzip 或 application/json
error-no-file-part = 请至少发送一个名为 file 的部分
error-choose-files = 请至少选择一个文件
error-upload-gone = 这次上传的文件已不在（已经导入过了？）：请重新上传
error-on-conflict = { $given } 不是 skip、update 或 fail
error-on-duplicate-slug = { $given } 不是 fail 或 rename
error-file-name-long = 文件名 { $name }… 超过了 { $max } 字节
error-export-password = 导出整个数据库需要你的密码：请使用导出页面
error-export-format = { $given } 不是 sqlite、json 或 hexo

# The admin's error page.
error-page-404 = 找不到页面
error-page-4xx = 请求未能完成
error-page-5xx = 服务器出错了
error-page-logged = 出了点问题；错误已记录到日志。
error-page-back = 返回概览

# What an import report's error codes mean (the import's own detail follows).
import-problem-unreadable = 无法读取该文件
import-problem-unsupported_type = 不是 folio 能导入的文件类型
import-problem-unsafe_path = 压缩包里的路径不安全
import-problem-symlink = 压缩包里有符号链接
import-problem-too_large = 文件太大
import-problem-too_many_entries = 压缩包里的文件太多
import-problem-compression_ratio = 解压后太大（疑似压缩炸弹）
import-problem-nested_archive = 压缩包里套着压缩包
import-problem-empty_archive = 压缩包是空的
import-problem-bad_archive = 压缩包损坏或无法读取
import-problem-malformed_json = JSON 格式错误
import-problem-not_folio_json = 不是 folio/v1 导出文件
import-problem-invalid_document = 导出文件的内容无效
import-problem-invalid_yaml = front matter 无法解析
import-problem-yaml_limit = front matter 超出了限制
import-problem-invalid_field = 字段的值无效
import-problem-invalid_date = 日期无法识别
import-problem-invalid_slug = 别名无效
import-problem-invalid_tag = 标签无效
import-problem-invalid_category = 分类无效
import-problem-invalid_user = 用户数据无效
import-problem-duplicate_slug = 别名重复
import-problem-conflict = 别名已被现有文章使用
import-problem-nul_byte = 含有 NUL 字节
import-problem-bidi_control = 含有双向控制字符
import-problem-unreadable_date = Hexo 无法识别的日期：已改用文件时间
import-problem-tag_case = 与另一标签只差大小写：视为同一标签
import-problem-slug_renamed = slug 与本次导入的另一文件相同：已改名
import-problem-unknown_tag = 主题或插件的标签：按原文显示
import-problem-not_kept = folio 不保存的站点文件（只保存文章、页面和图片）
import-problem-page_path_taken = 另一个页面已使用此路径
import-problem-other = 导入失败（{ $code }）
error-no-such-category = 没有名为 { $given } 的分类
error-category-not-empty = 分类里还有文章，不能删除
error-media-empty = 文件是空的
error-media-too-large = 文件有 { $bytes } 字节；图片最大 { $max } 字节
error-media-svg = 不接受 SVG 图片（可能带有脚本）：请用 PNG、JPEG、GIF 或 WebP
error-media-not-image = 这个文件不是图片（看起来是 { $looks }）：folio 保存 PNG、JPEG、GIF 和 WebP
error-media-pixels = 图片为 { $width } × { $height } 像素；最多 { $max } 像素
error-media-damaged = 图片已损坏或不完整（{ $detail }）
error-media-name = 文件名 { $name } 不可用：{ $why }
error-media-no-file = 请以名为 "file" 的 multipart 部分发送图片
error-media-multipart = 请以 multipart/form-data 发送图片，放在名为 "file" 的部分中
error-media-name-long = 超过 255 字节
error-media-name-folder = 它指向了文件夹
error-media-name-control = 含有控制字符
error-media-name-empty = 是空的
error-range = 须为 { $min } 到 { $max } 之间的整数
