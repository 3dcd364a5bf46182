# Sanshe message catalogue, zh-CN (the default language).

app-name = 三社互动平台
app-subtitle = 社区 · 社会组织 · 社工与志愿者

## Menu
menu-home = 首页
menu-communities = 社区台账
menu-imports = 批量导入
menu-regions = 行政区划
menu-accounts = 账号管理
menu-audit = 审计日志
menu-logout = 退出
menu-language = English

## Common words
action-search = 查询
action-save = 保存
action-add = 新增
action-import = 导入
action-export = 导出
action-reveal = 显示
action-end = 离任
action-commit = 确认导入
action-cancel = 取消
action-login = 登录
action-unlock = 解锁
action-create = 创建
label-page = 第 { $page } / { $pages } 页，共 { $total } 条
label-previous = 上一页
label-next = 下一页
label-none = 暂无记录
label-yes = 是
label-no = 否
label-saved = 已保存
label-scope = 管辖范围

## Login
login-title = 登录
login-username = 用户名
login-password = 密码
login-failed = 用户名或密码错误
login-locked = 账号已锁定，请于 { $until } 后再试

## Regions
region-level-province = 省
region-level-city = 市
region-level-county = 县（市、区）
region-level-township = 乡镇（街道）
region-level-village = 村（社区）
region-code = 区划代码
region-name = 名称
region-children = 下级区划

## Communities
community-list-title = 社区台账
community-search = 名称或代码
community-within = 所属区划
community-all = 全部
community-code = 社区代码
community-name = 社区名称
community-township = 乡镇（街道）
community-county = 县（市、区）
community-type = 类型
community-urban = 城市社区
community-rural = 农村社区（村）
community-households = 户数
community-population = 人口
community-address = 地址
community-phone = 联系电话
community-contact = 联系人
community-profile = 基本情况
community-bodies = 组织与职务
community-add-person = 新增人员任职

## Bodies, posts, employment
body-party_organization = 党组织
body-residents_committee = 居民委员会
body-villagers_committee = 村民委员会
body-affairs_station = 社区工作站
title-secretary = 书记
title-deputy_secretary = 副书记
title-director = 主任
title-deputy_director = 副主任
title-member = 委员
title-station_head = 站长
title-staff = 工作人员
employment-full_time = 专职
employment-part_time = 兼职
gender-male = 男
gender-female = 女

## People and posts
person-name = 姓名
person-id-number = 身份证号
person-phone = 手机号码
person-gender = 性别
post-body = 组织
post-title = 职务
post-employment = 专兼职
post-started-on = 任职日期
post-ended-on = 离任日期
post-current = 在任

## Imports
import-title = 批量导入人员任职
import-help = 请下载模板，按列填写后上传（支持 .xlsx 与 .csv）。系统先逐行校验（试导入），全部通过后方可确认导入；任何一行出错都不会写入。
import-template-xlsx = 下载 Excel 模板
import-template-csv = 下载 CSV 模板
import-file = 选择文件
import-upload = 上传并校验
import-progress = 已处理 { $done } / { $total } 行
import-checking = 正在校验…
import-committing = 正在导入…
import-checked-ok = 校验通过：共 { $total } 行，可以确认导入。
import-checked-errors = 校验发现 { $count } 处错误，未写入任何数据。请修改后重新上传。
import-done = 导入完成：已写入 { $total } 行。
import-failed = 导入失败，未写入任何数据。
import-row = 行号
import-field = 字段
import-reason = 原因
import-expired = 该导入任务不存在或已过期，请重新上传。

## Accounts
account-title = 账号管理
account-username = 用户名
account-display-name = 姓名
account-role = 角色
account-region = 管辖区划
account-status = 状态
account-active = 正常
account-locked = 已锁定
account-new = 新建账号
role-city_admin = 市级管理员
role-county_admin = 县（市、区）管理员
role-township_admin = 乡镇（街道）管理员
role-community_admin = 社区管理员
role-registrar = 民政登记管理员
role-supervising_unit = 业务主管单位
role-finance = 财政
role-social_worker = 社工
role-volunteer = 志愿者
role-resident = 居民

## Audit
audit-title = 审计日志
audit-seq = 序号
audit-at = 时间
audit-actor = 操作人
audit-action = 操作
audit-entity = 对象
audit-region = 区划
audit-detail = 内容
audit-filter = 操作人、对象、操作或区划代码

## Problems (RFC 9457 titles)
problem-validation = 提交的数据有误
problem-bad-request = 请求格式有误
problem-not-found = 未找到
problem-unauthenticated = 请先登录
problem-locked = 账号已锁定
problem-forbidden = 无权执行此操作
problem-conflict = 与现有数据冲突
problem-csrf = 表单已过期，请刷新页面后重试
problem-too-large = 上传内容过大
problem-internal = 服务器内部错误，请稍后再试

## Field-level messages
required = 不能为空
too-long = 不能超过 { $max } 个字符
control-characters = 含有不允许的控制字符
unknown-choice = 不是可选的值
must-not-be-negative = 不能为负数
must-be-number = 必须是整数
population-below-households = 人口不能少于户数
date-format = 日期格式应为 YYYY-MM-DD
date-in-future = 日期不能晚于今天
date-before-start = 离任日期不能早于任职日期
json-invalid = 请求无法解析：{ $detail }
uscc-length = 统一社会信用代码应为 18 位，实际为 { $length } 位
uscc-character = 第 { $position } 位字符“{ $character }”不是统一社会信用代码允许的字符
uscc-region = 第 3–8 位应为登记管理机关的行政区划代码（数字）
uscc-organization-code-check = 组织机构代码（第 9–17 位）校验位错误，应为 { $expected }
uscc-check = 统一社会信用代码校验位错误，应为 { $expected }
uscc-not-civil-affairs = 不是民政部门登记的社会组织代码（应以 51、52、53 或 59 开头）
uscc-kind-mismatch = 代码第 2 位（{ $type }）与组织类型不符
id-length = 身份证号应为 18 位，实际为 { $length } 位
id-characters = 身份证号前 17 位应为数字，末位为数字或 X
id-address-code = 地址码 { $code } 不存在于任何版本的行政区划代码中
id-birth-date = 出生日期 { $date } 无效
id-check = 身份证号校验位错误，应为 { $expected }
region-code-digits = 区划代码只能包含数字
region-code-length = 区划代码应为 6、9 或 12 位，实际为 { $length } 位
region-code-part = 区划代码 { $code } 的乡级或村级部分超出编码范围
region-unknown = 不是现行的行政区划
region-duplicate = 区划代码 { $code } 重复
region-parent-level = 上级区划 { $parent } 的层级不对
region-parent-prefix = 代码与上级区划 { $parent } 不一致
region-parent-missing = 上级区划 { $parent } 不在文件中
region-columns = 应有 5 列，实际为 { $count } 列
region-level = 层级“{ $level }”无效
region-level-mismatch = 层级“{ $level }”与代码位数不符
region-name-empty = 名称不能为空
password-too-short = 密码至少 { $min } 位
password-too-long = 密码不能超过 { $max } 位
password-too-simple = 密码须包含大写字母、小写字母、数字、符号中的至少三类
username-characters = 用户名只能包含字母、数字和 - _ .
username-taken = 用户名已被使用
post-not-in-body = 该组织没有此职务
post-already-held = 此人已担任该职务
post-seat-taken = 该职务已有在任人员，请先办理离任
post-already-ended = 该任职已结束
body-not-in-community = 该社区没有此组织
id-number-name-mismatch = 该身份证号已登记为“{ $name }”，姓名不一致
community-unknown = 社区代码不存在或不在您的管辖范围内
import-header = 表头应为：{ $expected }
import-too-many-rows = 单个文件最多 { $max } 行
import-unreadable = 无法读取文件，请使用模板的 .xlsx 或 .csv 格式
election-posts-malformed = 职位设置有误：职位不能重复，每个职位至少 1 个席位
election-needs-one-director = 须设主任 1 名
election-seat-count = 委员会成员应为 { $min }–{ $max } 人，现为 { $total } 人
election-too-soon = 投票日太近：选民名单须提前公布，最早可定于 { $earliest }
election-region-level = 换届选举应由市或县（市、区）统一组织
election-term = 届次年份无效
register-already-published = 选民名单已公布，不能再更改
register-published-late = 已过选民名单公布期限（{ $deadline }）
ballot-unknown-post = 选票上没有“{ $post }”这一职位
ballot-too-many-names = “{ $post }”最多填写 { $seats } 人
ballot-name-twice = 同一人（{ $name }）不能被选为两个职位
voting-closed = 现在不在投票时间内
already-voted = 该选民已经投过票
register-not-published = 选民名单尚未公布

## Voting and results
vote-title = 手机投票
vote-code = 投票码
vote-code-help = 请输入选民证上的投票码。每张选民证只能投一次票。
vote-open = 打开选票
vote-help = 每个职位填写您要选的人的姓名，可以空着不填。同一人不能填在两个职位上。
vote-cast = 投票
vote-done = 投票成功
vote-receipt-help = 这是您的选票回执码。计票结果公布后，可在结果页查到它，以确认您的选票已计入。回执码不显示您选了谁。
code-unknown = 投票码不正确
voting-not-over = 投票尚未结束
results-title = 选举结果
results-vote-date = 投票日
results-registered = 登记选民
results-cast = 投票人数
results-invalid = 无效票
results-round-invalid = 本次选举无效（参加投票的选民未过半数，或票数多于投票人数）
results-elected = 当选
results-votes = 得票
results-receipts = 已计入选票的回执码
results-find-receipt = 查找我的回执码
results-receipt-counted = 您的选票已计入
results-receipt-missing = 没有找到这个回执码
post-director = 主任
post-deputy_director = 副主任
post-member = 委员
post-woman_member = 妇女委员
register-not-published = 选民名单尚未公布
objection-too-late = 异议期已于 { $close } 结束
objection-already-decided = 该异议已经作出处理决定
objection-person-may-not-vote = 此人在选举日不具有选民资格，不能列入名单
person-unknown = 系统中没有这个身份证号码的人员，请先登记
not-on-register = 此人不在本次选举的选民名单上
nomination-too-late = 自荐报名已于 { $close } 截止
nomination-women-only = 妇女委员职位只能由女性选民自荐
nomination-one-post = 每位选民只能自荐一个职位
proxy-too-late = 委托投票须在 { $by } 前办理
proxy-to-self = 不能委托给本人
proxy-already-given = 该选民已经委托过他人
proxy-redelegated = 受委托人不得再委托他人，委托人也不得接受他人委托
proxy-holder-is-candidate = 候选人（自荐人）不能接受委托
proxy-holder-full = 每位受委托人最多接受 { $max } 人的委托
election-already-counted = 本次选举已经计票，不能再录入或重复计票
paper-batch-number = 批次号须为从 1 开始的整数
paper-batch-size = 每批选票为 1 至 { $max } 张
paper-batch-confirmed = 该批选票两次录入已一致并确认，不能再修改
paper-batch-unconfirmed = 第 { $number } 批纸质选票尚未经第二位计票员一致录入，暂不能计票
election-already-seated = 本次选举的当选人已经就职
election-not-counted = 本次选举尚未计票
election-invalid = 本次选举无效，不能产生当选人
elected-not-on-register = 当选人“{ $name }”不在选民名单上，请填写其身份证号码
elected-name-ambiguous = 选民名单上有多人名为“{ $name }”，请填写当选人的身份证号码
