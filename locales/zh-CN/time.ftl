# Times as the admin shows them, in the reader's time zone.
time-in-zone = { $time } ({ $zone } { $offset })
time-in-utc = { $time } (UTC)
time-unreadable = 无法识别的日期和时间，请按 2026-12-05 08:00 的格式填写。
time-skipped = 该时区没有这个时刻（时钟在此跳过），请换一个时间。
time-in-past = 这个时间已经过去，请选择将来的时间。

# Time zones named in the reader's language; the others show their IANA name.
zone-Asia-Shanghai = 北京时间
zone-Asia-Chongqing = 北京时间
zone-Asia-Harbin = 北京时间
zone-PRC = 北京时间
zone-Asia-Urumqi = 乌鲁木齐时间
zone-Asia-Hong_Kong = 香港时间
zone-Asia-Macau = 澳门时间
zone-Asia-Taipei = 台北时间
zone-Asia-Singapore = 新加坡时间
zone-Asia-Kuala_Lumpur = 吉隆坡时间
zone-Asia-Tokyo = 东京时间
zone-Asia-Seoul = 首尔时间
zone-Europe-London = 伦敦时间
zone-Europe-Paris = 巴黎时间
zone-Europe-Berlin = 柏林时间
zone-America-New_York = 纽约时间
zone-America-Chicago = 芝加哥时间
zone-America-Los_Angeles = 洛杉矶时间
zone-America-Vancouver = 温哥华时间
zone-America-Toronto = 多伦多时间
zone-Australia-Sydney = 悉尼时间

# Choosing one's time zone.
zone-label = { $name } ({ $id })
zone-proposal = 时间按 { $zone } 显示。
zone-use-browser = 改用浏览器的时区
zone-keep = 保留
zone-choose = 选择其他时区
