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

# API tokens.
tokens-title = API 令牌
tokens-intro = 供脚本使用：在 <code>/admin/api/*</code> 上发送 <code>Authorization: Bearer …</code>，权限与令牌所属用户相同。
tokens-shown-once = 新令牌：
tokens-shown-once-note = 请立即复制：它只显示这一次，folio 只保存它的哈希。
tokens-name = 名称
tokens-name-placeholder = 每晚备份
tokens-your-password = 你的密码
tokens-create = 创建令牌
tokens-user = 用户
tokens-created = 创建于
tokens-last-used = 最近使用
tokens-never = 从未
tokens-revoked = 已吊销
tokens-revoke = 吊销
tokens-none = 没有令牌。

# The account page.
account-title = 账户
account-heading = 你的账户
account-tokens-heading = 你的 API 令牌仍然有效
account-tokens-note = 更改密码不会让 API 令牌失效。请吊销任何可能被他人知道的令牌。
account-password-heading = 更改密码
account-current = 当前密码
account-new = 新密码（至少 12 个字符，且不易被猜到）
account-confirm = 再次输入新密码
account-change = 更改
account-changed = 密码已更改；你的其他会话都已结束。
account-preferences = 语言和时区
account-language = 界面语言
account-language-browser = 跟随浏览器
account-zone = 时区（后台显示和填写时间都按此时区）
account-save-preferences = 保存
account-preferences-saved = 已保存：时间按 { $zone } 显示。
account-zone-saved = 时区已设为 { $zone }。
# Each language by its own name, the same in every catalog.
lang-zh-CN = 简体中文
lang-en = English

# The export page.
export-title = 导出
export-sqlite = SQLite 快照
export-sqlite-all = 整个数据库，一致且不含会话、令牌、密码哈希或任何已删除的内容；folio 可直接在其上运行。
export-sqlite-content = 整个数据库，一致且不含会话、令牌、密码哈希、已删除的内容、用户或审计日志；folio 可直接在其上运行。
export-download = 下载
export-json = folio/v1 JSON
export-json-all = 所有文章、标签、分类和用户。
export-json-content = 所有文章、标签和分类。
export-hexo = Hexo zip
export-hexo-note = Hexo 可直接构建的 <code>source/_posts/{"{"}slug{"}"}.md</code>。

# Article statuses, wherever they are shown.
status-draft = 草稿
status-published = 已发布
status-scheduled = 定时发布
status-unpublished = 已下线
status-trash = 回收站

# The dashboard.
dashboard-title = 概览
dashboard-new-article = 新建文章
dashboard-recent = 最近编辑
dashboard-scheduled = 定时发布
dashboard-failed-imports = 失败的导入
column-title = 标题
column-status = 状态
column-modified = 修改时间
column-publishes-at = 发布时间
column-run = 导入批次
column-started = 开始时间
column-what-happened = 经过
dashboard-nothing-scheduled = 没有定时发布的文章。
dashboard-no-failed-imports = 没有。

# Roles.
role-admin = 管理员
role-editor = 编辑
role-author = 作者

# The users page.
users-title = 用户
users-shown-once = { $email } 的密码：
users-shown-once-note = 只显示这一次；请安全地转交。
users-email = 邮箱
users-role = 角色
users-state = 状态
users-since = 加入时间
users-set-role = 设置
users-active = 正常
users-disabled = 已停用
users-enable = 启用
users-disable = 停用
users-confirm-disable = 停用 { $email }？其会话和 API 令牌都将失效。
users-reset-password = 重置密码
users-confirm-reset = 为 { $email } 生成新密码？
users-add-heading = 添加用户
users-password = 密码（留空则生成一个，只显示一次；否则至少 12 个字符且不易被猜到）
users-add = 添加

# The audit log.
audit-title = 审计日志
audit-action = 操作
audit-filter = 筛选
audit-when = 时间
audit-who = 谁
audit-what = 做了什么
audit-on = 对象
audit-detail = 详情
audit-from = 来源地址
audit-nothing = 没有记录。
audit-older = 更早 →

# The tags page.
tags-title = 标签
tags-merge-into = 把选中的标签合并到
tags-merge-placeholder = 标签名
tags-merge = 合并
tags-tag = 标签
tags-slug = 别名
tags-articles = 文章数
tags-rename = 重命名
tags-new-name = 新名称
tags-select = 选择 { $name }
tags-delete = 删除
tags-confirm-delete = 从 { $count } 篇文章中删除标签“{ $name }”？
tags-none = 还没有标签。

# The import page.
import-title = 导入
import-files = Hexo 文章（.md、.markdown、.txt）、压缩包（.zip、.tar.gz）或 folio/v1 JSON 导出文件
import-dry-run = 试运行：检查全部内容，不写入任何数据
import-on-conflict = 别名已存在时
import-conflict-skip = 跳过该文件
import-conflict-update = 更新该文章
import-conflict-fail = 让该文件失败
import-atomic = 全部或全不：任何一个文件失败都会取消整个导入
import-upload = 上传
import-dry-run-report = 试运行报告
import-report = 导入报告
import-for-real = 现在导入这些文件

# Counts and pages.
count-exact = { $count }
count-capped = { $count }+
pager = 分页
pager-previous = ← 上一页
pager-next = 下一页 →
pager-page = 第 { $page } 页
pager-page-of = 第 { $page } 页，共 { $pages } 页

# The article list.
articles-title = 文章
articles-trash = 回收站
articles-live = 返回文章列表
articles-search = 搜索
articles-search-placeholder = 金融、Rust……
articles-any = 全部
articles-tag = 标签
articles-category = 分类
articles-author = 作者
articles-sort = 排序
articles-sort-newest = 最新
articles-sort-oldest = 最早
articles-sort-best = 最相关
articles-sort-modified = 最近修改
articles-sort-title = 标题
articles-filter = 筛选
articles-select-all = 全选
articles-select = 选择“{ $title }”
articles-date = 日期
articles-updated = 更新时间
articles-late = 延迟
articles-late-why = 晚于预定时间发布：当时服务器未运行
articles-none = 没有文章。
articles-empty-trash = 清空回收站
articles-confirm-empty-trash = 永久删除回收站中的所有文章？此操作无法撤销。

# Bulk actions on the selected articles.
bulk-action = 批量操作
bulk-add_tags = 添加标签
bulk-remove_tags = 移除标签
bulk-set_category = 设置分类
bulk-publish = 发布
bulk-unpublish = 下线
bulk-delete = 移到回收站
bulk-restore = 还原
bulk-value = 标签或分类
bulk-value-placeholder = 标签（逗号分隔），或分类路径
bulk-apply = 应用到所选文章

# The article editor.
editor-new = 新建文章
editor-edit = 编辑文章
editor-not-saved = 未保存，请修改以下内容：
editor-conflict-heading = 你编辑期间，别人保存了这篇文章
editor-conflict-fields = 你们都修改了：{ $fields }。你输入的内容仍在下面的表单里；左边是对方的版本，右边是你的。再次保存将保留你的版本。
editor-published-late = 延迟发布
editor-publishes-at = 将于 { $time } 发布
editor-published-at = 发布于 { $time }
editor-updated-at = 更新于 { $time }
editor-publish-now = 立即发布
editor-unpublish = 下线
editor-republish = 重新发布
editor-republish-why = 重新公开，更新时间设为现在；原始日期不变
editor-schedule-at = 定时发布于
editor-schedule = 定时发布
editor-reschedule = 更改发布时间
editor-preview-site = 在网站上预览（已保存的版本）
editor-revisions = 历史版本
editor-trash = 移到回收站
editor-confirm-trash = 把这篇文章移到回收站？
editor-title = 标题
editor-slug = 别名（网址中的名称；新文章留空则按标题的拼音生成）
editor-body = 正文（HTML 或 Markdown，保持导入时的格式）
editor-tags = 标签（用逗号分隔）
editor-categories = 分类（每行一个路径，如：新媒体 > 新闻）
editor-cover = 封面图片网址
editor-thumbnail = 缩略图网址
editor-comments = 评论
editor-comments-unset = 由网站决定（front matter 中不写）
editor-comments-on = 开启
editor-comments-off = 关闭
editor-permalink = 固定链接（Hexo 的 permalink 字段，可不填）
editor-image-preview = 这个网址的图片预览
picker-new-tag = 新标签
picker-remove = 移除
picker-add-tag = 添加标签（回车或逗号确认）
picker-find-category = 查找分类
picker-create-category = 新建分类
picker-new-category = 新分类
picker-no-category = 没有这个名字的分类。
editor-author = 作者（署名）
editor-date = 日期
editor-excerpt = 摘要
editor-extra = 其他 front matter 字段（JSON）
editor-save = 保存
editor-preview = 预览
editor-preview-empty = 输入时这里会显示预览。
editor-session-ended = 你的会话已结束：请重新登录（你的修改保存在这个浏览器里）。
editor-draft-found = 这个浏览器里有未保存的修改，时间：
editor-draft-restore = 恢复这些修改
editor-draft-discard = 丢弃
editor-draft-kept = 未保存的修改已暂存在这个浏览器里
editor-autosave-found = 服务器上有你在 { $time } 自动保存的改动。
editor-autosaved = 已于 { $time } 自动保存
editor-mode = 编辑模式
editor-mode-visual = 可视化
editor-mode-source = 源码
editor-toolbar = 格式
editor-block-type = 段落类型
editor-block-other = （其他）
editor-block-paragraph = 正文段落
editor-block-h2 = 二级标题
editor-block-h3 = 三级标题
editor-block-h4 = 四级标题
editor-cmd-bold = 粗体（Ctrl+B）
editor-cmd-italic = 斜体（Ctrl+I）
editor-cmd-link = 链接（Ctrl+K）
editor-cmd-link-label = 链接
editor-cmd-undo-label = 撤销
editor-cmd-redo-label = 重做
editor-cmd-bullet = 项目符号列表
editor-cmd-ordered = 编号列表
editor-cmd-quote = 引用
editor-cmd-image = 图片
editor-cmd-clear = 清除格式
editor-cmd-undo = 撤销（Ctrl+Z）
editor-cmd-redo = 重做（Ctrl+Y）
editor-visual-label = 正文，可视化编辑
editor-source-label = 正文，源码
editor-raw-block = 按原样显示：请在源码模式中编辑这一块
editor-comment-block = （HTML 注释）
editor-link-url = 链接地址：
editor-image-url = 图片地址：
editor-image-alt = 图片的文字说明（供看不到图片的读者）：
editor-convert = 这篇正文是 Markdown。可视化编辑只能编辑 HTML：要把正文转换成 HTML 吗？（保存后 Markdown 源码会被替换。）
editor-formatted-view = 每块一行
editor-source-hint = Ctrl+F 打开搜索与替换。格式化视图只有在其中编辑过才会保存。
editor-save-shortcut = Ctrl+S 保存
source-find = 查找
source-replace = 替换
source-next = 下一个
source-previous = 上一个
source-all = 全部
source-match-case = 区分大小写
source-regexp = 正则表达式
source-by-word = 全词匹配
source-replace-one = 替换
source-replace-all = 全部替换
source-close = 关闭
source-current-match = 当前匹配
source-replaced-matches = 已替换 $ 处
source-replaced-on-line = 已替换第 $ 行的匹配
source-on-line = 行
source-goto-line = 跳转到行
source-go = 跳转
source-control-character = 控制字符
source-selection-deleted = 已删除所选内容

# What an action did, shown once on the next page.
flash-created = 文章已创建。
flash-saved = 已保存（版本 { $version }）。
flash-published = 已发布：读者现在可以看到这篇文章。
flash-unpublished = 已下线：读者将看不到这篇文章。
flash-republished = 已重新发布，更新时间为现在。
flash-scheduled = 已定时：将于 { $time } 发布。
flash-trashed = “{ $title }”已移到回收站。
flash-restored = 已恢复版本 { $restored }，保存为版本 { $version }。

# An article's revisions, and two compared.
revisions-title = “{ $title }”的历史版本
revisions-heading = 历史版本：
revisions-from = 从
revisions-to = 到
revisions-version = 版本
revisions-saved = 时间
revisions-by = 由谁保存
diff-text-changed = 文字有改动
diff-markup-changed = 标记有改动
diff-rendered = 页面显示效果，前后对照（改动的块已标出）
diff-before = 之前
diff-after = 之后
diff-field-slug = 网址名
diff-field-title = 标题
diff-field-status = 状态
diff-field-date = 日期
diff-field-updated = 更新时间
diff-field-author = 作者
diff-field-headimg = 封面图
diff-field-thumbnail = 缩略图
diff-field-comments = 评论
diff-field-permalink = 固定链接
diff-field-excerpt = 摘要
diff-field-tags = 标签
diff-field-categories = 分类
diff-field-body = 正文
diff-field-extra = 其他 front matter 字段
diff-field-front-matter = Front matter 原文
revisions-compare-from = 比较的起点
revisions-compare-to = 比较的终点
revisions-current = { $version }（当前）
revisions-import = 导入或定时发布
revisions-restore = 恢复此版本
revisions-none = 没有更早的版本。
revisions-compare = 比较
compare-heading = 版本 { $from } ↔ 版本 { $to }
compare-back = 返回历史版本
compare-same = 两个版本相同。

# Asking before a destructive action (the page shown without a script).
confirm-title = 请确认
confirm-cancel = 取消

# Confirmations and messages of the list, tags, tokens and users.
bulk-confirm-delete-selected = 把所选文章移到回收站？
bulk-confirm-delete = 把 { $count } 篇文章移到回收站？
articles-confirm-empty-trash-n = 永久删除回收站中的 { $count } 篇文章？此操作无法撤销。
bulk-done-add_tags = 已添加标签
bulk-done-remove_tags = 已移除标签
bulk-done-set_category = 已设置分类
bulk-done-publish = 已发布
bulk-done-unpublish = 已下线
bulk-done-delete = 已移到回收站
bulk-done-restore = 已还原
flash-bulk = { $action }：{ $changed } 篇文章{ $unchanged ->
    [0] 。
   *[other] ；另有 { $unchanged } 篇无需更改或已不存在。
}
flash-trash-emptied = 已永久删除回收站中的 { $count } 篇文章。
tags-confirm-merge-selected = 合并所选标签？
tags-confirm-merge = 把 { $count } 个标签合并为“{ $name }”？
flash-tag-renamed = 标签已重命名为“{ $name }”。
flash-tags-merged = 已把 { $count } 个标签合并为“{ $name }”。
flash-tag-deleted = 已删除标签“{ $name }”（原有 { $count } 篇文章）。
tokens-confirm-revoke = 吊销令牌“{ $name }”？使用它的脚本将无法再访问。
flash-token-revoked = 令牌“{ $name }”已吊销。
flash-user-disabled = 已停用 { $email }。
flash-user-enabled = 已启用 { $email }。
flash-role-set = { $email } 现在是{ $role }。

# Import reports and runs.
import-col-total = 总数
import-col-created = 已创建
import-col-would-create = 将创建
import-col-updated = 已更新
import-col-would-update = 将更新
import-col-unchanged = 未变化
import-col-skipped = 已跳过
import-col-failed = 失败
import-col-file = 文件
import-col-result = 结果
import-col-slug = 别名
import-col-problem = 问题
import-status-created = 已创建
import-status-would-create = 将创建
import-status-updated = 已更新
import-status-would-update = 将更新
import-status-unchanged = 未变化
import-status-skipped = 已跳过
import-status-failed = 失败
import-rolled-back = 未写入任何内容：有文件失败，而这次导入要求全部成功或全部不写入。
import-problem-at-line = { $problem }（第 { $line } 行）
import-more = 还有 { $count } 项未在此显示：
import-more-json = 完整报告（JSON）
import-run-title = 导入批次 { $id }
import-state = 状态
import-state-queued = 排队中
import-state-running = 导入中
import-state-finished = 已完成
import-state-failed = 失败
import-dry-run-short = 试运行
import-started = 开始于 { $time }
import-ended = 结束于 { $time }
import-progress = 导入进度
import-follow = 本页会跟踪导入进度；你可以离开，导入会继续进行。
import-run-failed = 导入失败：{ $error }
import-more-files = 继续导入其他文件

# Audit log actions, by their code.
audit-do-create = 新建文章
audit-do-save = 保存文章
audit-do-publish = 发布
audit-do-unpublish = 下线
audit-do-republish = 重新发布
audit-do-schedule = 定时发布
audit-do-delete = 移到回收站
audit-do-restore_revision = 恢复历史版本
audit-do-bulk = 批量操作
audit-do-empty_trash = 清空回收站
audit-do-rename_tag = 重命名标签
audit-do-merge_tags = 合并标签
audit-do-delete_tag = 删除标签
audit-do-rename_category = 重命名分类
audit-do-move_category = 移动分类
audit-do-merge_category = 合并分类
audit-do-delete_category = 删除分类
audit-do-create_user = 添加用户
audit-do-set_role = 设置角色
audit-do-disable_user = 停用用户
audit-do-enable_user = 启用用户
audit-do-reset_password = 重置密码
audit-do-change_password = 更改密码
audit-do-set_preferences = 设置语言和时区
audit-do-create_token = 创建 API 令牌
audit-do-revoke_token = 吊销 API 令牌
audit-do-import = 导入
audit-do-export = 导出
audit-do-login = 登录
audit-do-logout = 退出登录
audit-do-login_failed = 登录失败
audit-do-password_check_failed = 密码确认失败

# The dashboard's failed imports.
dashboard-import-summary = 共 { $total } 个文件：{ $created } 个已导入，{ $failed } 个失败
import-origin-http = 后台或 API
import-origin-cli = 命令行

# An article in the trash.
trashed-since = 这篇文章在回收站中（移入时间：{ $time }）。还原后才能编辑。
trashed-restore = 还原
trashed-back = 返回回收站
flash-untrashed = “{ $title }”已从回收站还原。
audit-do-restore = 从回收站还原

# Tags and categories at scale.
tags-search = 搜索标签
tags-select-column = 选择
tags-new-name-of = “{ $name }”的新名称
categories-title = 分类
categories-search = 搜索分类
categories-found = 找到 { $count } 个
categories-category = 分类
categories-own = 直属文章
categories-total = 含子分类
categories-none = 没有分类。
categories-back = ← 全部分类
categories-counts = 直属文章 { $own } 篇，含子分类共 { $total } 篇
categories-see-articles = 查看文章
categories-rename = 重命名
categories-new-name = 新名称
categories-move = 移动
categories-move-under = 移到哪个分类下（留空则移到顶层；可输入搜索）
categories-top-level = 顶层
categories-merge = 合并
categories-merge-into = 合并到哪个分类（可输入搜索）
categories-confirm-merge = 把“{ $path }”合并到所选分类？它的文章和子分类都会移过去。
categories-delete = 删除
categories-confirm-delete = 删除这个空分类（连同它的空子分类）？
categories-not-empty = 有文章的分类不能删除；请先移动或合并。
flash-category-renamed = 分类已重命名为“{ $name }”。
flash-category-moved = 分类已移动。
flash-category-merged = 分类已合并。
flash-category-deleted = 分类已删除。

## 媒体库（issue 17）
nav-media = 媒体
media-title = 媒体库
media-choose = 图片
media-upload = 上传
media-upload-hint = JPEG、PNG、GIF 或 WebP；一次最多 50 个。
media-search = 搜索
media-search-placeholder = 文件名、网站或文章
media-only-unused = 只看未使用的
media-unused = 未使用
media-used-in = 用于 { $count } 篇文章
media-none = 还没有图片。
media-address = 地址
media-size = 尺寸
media-added = 添加时间
media-origin = 来源
media-copies = 缩小的副本
media-copies-pending = 正在生成…
media-copies-none = 无（图片较小或为动图）
media-used-by = 使用它的文章
media-used-by-none = 没有文章使用这张图片。
media-in-trash = 在回收站中
media-delete = 删除图片
media-confirm-delete = 删除图片“{ $name }”？它的文件和副本将被永久移除。
media-too-many-files = 一次最多 { $max } 个文件。
media-file-too-large = 超过 { $max } 字节
flash-media-uploaded = 已上传 { $count } 张图片。
flash-media-refused = 未保存：{ $list }
flash-media-deleted = 图片“{ $name }”已删除。
flash-media-in-use = “{ $name }”现在正被文章使用，没有删除。
editor-uploading = 正在上传
editor-uploaded = 已上传到媒体库
editor-upload-failed = 未能上传
editor-upload-hint = 把图片粘贴或拖放到正文中即可上传。
editor-media-choose = 选择图片…
editor-media-upload = 上传
editor-media-use-address = 使用这个地址
editor-media-close = 取消
